import type { TestCertificates } from './test-certificates.ts';

/** A user the secured listener knows, with the mechanism it signs in with. */
export interface KafkaTestUser {
  readonly mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
  readonly username: string;
  /** Letters, digits, "-" and "_" only: the storage tool's SCRAM syntax has no quoting we rely on. */
  readonly password: string;
}

/** Asks a local broker for a second listener, SASL_SSL, beside its plaintext one. */
export interface SecuredKafkaOptions {
  readonly users: readonly KafkaTestUser[];
}

/** The SASL_SSL listener of a local broker, and the files a client needs to reach it. */
export interface SecuredKafkaListener {
  /** `127.0.0.1:<port>`: TLS with a certificate from `certificates.caFile`, then SASL. */
  readonly brokers: string;
  /** Made for this broker; it asks clients for a certificate signed by the same CA. */
  readonly certificates: TestCertificates;
  readonly users: readonly KafkaTestUser[];
}

export const securedListenerName = 'SECURED';

const safePassword = /^[\w-]+$/;

/**
 * server.properties for the SASL_SSL listener: PEM keystore and truststore (Kafka 3.9 reads PEM
 * files directly), client certificates required, and all three mechanisms enabled. SCRAM users
 * live in the cluster metadata (see `scramFormatArguments`); PLAIN users in the JAAS line.
 */
export const securedListenerSettings = (
  certificates: TestCertificates,
  users: readonly KafkaTestUser[],
): Record<string, string> => {
  const prefix = `listener.name.${securedListenerName.toLowerCase()}`;
  const scramLogin = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
  const plainUsers = users
    .filter((user) => user.mechanism === 'PLAIN')
    .map((user) => ` user_${user.username}="${user.password}"`)
    .join('');
  return {
    [`${prefix}.ssl.keystore.type`]: 'PEM',
    [`${prefix}.ssl.keystore.location`]: certificates.serverKeystoreFile,
    [`${prefix}.ssl.truststore.type`]: 'PEM',
    [`${prefix}.ssl.truststore.location`]: certificates.caFile,
    [`${prefix}.ssl.client.auth`]: 'required',
    [`${prefix}.sasl.enabled.mechanisms`]: 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    [`${prefix}.plain.sasl.jaas.config`]: `org.apache.kafka.common.security.plain.PlainLoginModule required${plainUsers};`,
    [`${prefix}.scram-sha-256.sasl.jaas.config`]: scramLogin,
    [`${prefix}.scram-sha-512.sasl.jaas.config`]: scramLogin,
  };
};

/**
 * The storage tool's `--add-scram` arguments: in KRaft mode SCRAM credentials are written into
 * the cluster metadata when storage is formatted, so they exist before the broker first starts.
 */
export const scramFormatArguments = (users: readonly KafkaTestUser[]): string[] =>
  users.flatMap((user) => {
    if (!safePassword.test(user.password) || !safePassword.test(user.username))
      throw new Error(`test Kafka user ${user.username}: use letters, digits, "-" and "_" only`);
    return user.mechanism === 'PLAIN'
      ? []
      : ['--add-scram', `${user.mechanism}=[name=${user.username},password=${user.password}]`];
  });
