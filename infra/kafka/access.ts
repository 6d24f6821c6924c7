import { ConfigError } from '../config.ts';
import { createKafka, describeError, type KafkaClientOptions } from './client.ts';

// Node's codes for a certificate the client does not trust, or that names another host.
const certificateCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The error and what it wraps: kafkajs keeps the cause of a retried failure. */
const chain = (error: unknown): unknown[] => {
  const seen: unknown[] = [];
  for (let current = error; current instanceof Error && seen.length < 5;) {
    seen.push(current);
    const next: unknown = current.cause ?? ('originalError' in current && current.originalError);
    current = next;
  }
  return seen;
};

const codeOf = (error: unknown): unknown =>
  typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;

/** Names the variables to look at when Kafka refused us, or undefined when it did not answer. */
const refusal = (error: unknown, options: KafkaClientOptions): string | undefined => {
  const causes = chain(error);
  const sasl = options.security?.sasl;
  if (causes.some((cause) => cause instanceof Error && cause.name.includes('SASLAuthentication'))) {
    const who = sasl ? ` for user "${sasl.username}" (${sasl.mechanism.toUpperCase()})` : '';
    return `KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD: Kafka at ${options.brokers} refused the credentials${who}`;
  }
  const code = causes.map(codeOf).find((candidate) => typeof candidate === 'string');
  if (typeof code === 'string' && certificateCodes.has(code)) {
    return `KAFKA_TLS_CA_FILE: the certificate of Kafka at ${options.brokers} is not trusted (${code})`;
  }
  return undefined;
};

/**
 * Connects to Kafka once, at start, so that credentials or certificates Kafka refuses stop the
 * process with a ConfigError naming the variables, instead of a bridge retrying for ever. A Kafka
 * that does not answer at all is no reason to stop: the bridge waits for it, as it always has.
 */
export const verifyKafkaAccess = async (options: KafkaClientOptions): Promise<void> => {
  const admin = createKafka({
    ...options,
    retry: { initialRetryTime: 100, maxRetryTime: 500, retries: 2 },
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } catch (error) {
    const problem = refusal(error, options);
    if (problem !== undefined) throw new ConfigError([`${problem}: ${describeError(error)}`]);
    options.logger.warn(
      { err: error },
      'Kafka did not answer at start; the Kafka bridge will wait for it',
    );
  } finally {
    await admin.disconnect();
  }
};
