import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';
import { z } from 'zod';

const saslMechanisms = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
const file = z.string().trim().min(1).optional();

/**
 * The variables that secure the Kafka connection; config.ts spreads them into its schema. Names
 * and mechanism spellings follow Kafka's own client settings (sasl.mechanism, ssl.*).
 */
export const kafkaSecurityVariables = {
  KAFKA_SASL_MECHANISM: z
    .string()
    .transform((value) => value.trim().toUpperCase())
    .pipe(z.enum(saslMechanisms))
    .optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  /** The password in a file (a mounted secret), its trailing newline ignored. */
  KAFKA_SASL_PASSWORD_FILE: file,
  KAFKA_TLS: z.stringbool().default(false),
  /** PEM; unset: Node's bundled root certificates. */
  KAFKA_TLS_CA_FILE: file,
  /** PEM client certificate and its key, for brokers that ask for one (mutual TLS). */
  KAFKA_TLS_CERT_FILE: file,
  KAFKA_TLS_KEY_FILE: file,
  KAFKA_TLS_REJECT_UNAUTHORIZED: z.stringbool().default(true),
};

/** Partial, so that code holding only some of the configuration (unit tests) can pass it. */
export type KafkaSecuritySettings = {
  readonly [Name in keyof typeof kafkaSecurityVariables]?: z.output<
    (typeof kafkaSecurityVariables)[Name]
  >;
} & { readonly KAFKA_BROKERS?: string | undefined };

/** The mechanisms we offer: those that sign in with a user name and a password. */
export type PasswordSasl = Extract<
  SASLOptions,
  { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512' }
>;

/** What kafkajs is given on top of the broker list: TLS options and SASL credentials. */
export interface KafkaSecurity {
  readonly ssl?: ConnectionOptions;
  readonly sasl?: PasswordSasl;
}

type Outcome = { security: KafkaSecurity; problems: string[] };

/**
 * Reads the files the settings name and builds kafkajs' options. Returns every problem, each
 * naming its variable: combinations that cannot work and files that cannot be read.
 */
export const resolveKafkaSecurity = (settings: KafkaSecuritySettings): Outcome => {
  const problems = combinationProblems(settings);
  const read = (variable: keyof KafkaSecuritySettings, path: string | undefined) => {
    if (path === undefined) return undefined;
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      problems.push(`${variable}: cannot read ${path} (${describe(error)})`);
      return undefined;
    }
  };
  const password =
    settings.KAFKA_SASL_PASSWORD ??
    read('KAFKA_SASL_PASSWORD_FILE', settings.KAFKA_SASL_PASSWORD_FILE)?.replace(/\r?\n$/, '');
  const mechanism = settings.KAFKA_SASL_MECHANISM;
  const username = settings.KAFKA_SASL_USERNAME;
  const sasl: PasswordSasl | undefined =
    mechanism === undefined || username === undefined || password === undefined
      ? undefined
      : saslOptions(mechanism, username, password);
  const ca = read('KAFKA_TLS_CA_FILE', settings.KAFKA_TLS_CA_FILE);
  const cert = read('KAFKA_TLS_CERT_FILE', settings.KAFKA_TLS_CERT_FILE);
  const key = read('KAFKA_TLS_KEY_FILE', settings.KAFKA_TLS_KEY_FILE);
  const ssl: ConnectionOptions | undefined = settings.KAFKA_TLS
    ? {
        rejectUnauthorized: settings.KAFKA_TLS_REJECT_UNAUTHORIZED ?? true,
        ...(ca === undefined ? {} : { ca: [ca] }),
        ...(cert === undefined ? {} : { cert }),
        ...(key === undefined ? {} : { key }),
      }
    : undefined;
  return { security: { ...(ssl && { ssl }), ...(sasl && { sasl }) }, problems };
};

/** kafkajs' options for a configuration loadConfig accepted; throws if a file went away since. */
export const kafkaSecurityOf = (settings: KafkaSecuritySettings): KafkaSecurity => {
  const { security, problems } = resolveKafkaSecurity(settings);
  if (problems.length > 0) throw new Error(`Kafka security settings: ${problems.join('; ')}`);
  return security;
};

const saslOptions = (
  mechanism: (typeof saslMechanisms)[number],
  username: string,
  password: string,
): PasswordSasl => {
  switch (mechanism) {
    case 'PLAIN':
      return { mechanism: 'plain', username, password };
    case 'SCRAM-SHA-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'SCRAM-SHA-512':
      return { mechanism: 'scram-sha-512', username, password };
  }
};

const combinationProblems = (settings: KafkaSecuritySettings): string[] => {
  const problems: string[] = [];
  const set = (name: keyof KafkaSecuritySettings) => settings[name] !== undefined;
  const saslParts = [
    'KAFKA_SASL_USERNAME',
    'KAFKA_SASL_PASSWORD',
    'KAFKA_SASL_PASSWORD_FILE',
  ] as const;
  const tlsParts = ['KAFKA_TLS_CA_FILE', 'KAFKA_TLS_CERT_FILE', 'KAFKA_TLS_KEY_FILE'] as const;
  if (set('KAFKA_SASL_MECHANISM')) {
    if (!set('KAFKA_SASL_USERNAME'))
      problems.push('KAFKA_SASL_USERNAME: must be set with KAFKA_SASL_MECHANISM');
    if (set('KAFKA_SASL_PASSWORD') === set('KAFKA_SASL_PASSWORD_FILE'))
      problems.push(
        'KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE: exactly one must be set with KAFKA_SASL_MECHANISM',
      );
  } else {
    const stray = saslParts.filter(set);
    if (stray.length > 0)
      problems.push(`KAFKA_SASL_MECHANISM: must be set when ${stray.join(', ')} is`);
  }
  if (!settings.KAFKA_TLS) {
    const stray: string[] = tlsParts.filter(set);
    if (settings.KAFKA_TLS_REJECT_UNAUTHORIZED === false)
      stray.push('KAFKA_TLS_REJECT_UNAUTHORIZED');
    if (stray.length > 0) problems.push(`KAFKA_TLS: must be true when ${stray.join(', ')} is set`);
  }
  if (set('KAFKA_TLS_CERT_FILE') !== set('KAFKA_TLS_KEY_FILE'))
    problems.push('KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE: set both or neither');
  const secured = settings.KAFKA_TLS === true || set('KAFKA_SASL_MECHANISM') || saslParts.some(set);
  if (secured && !set('KAFKA_BROKERS'))
    problems.push(
      'KAFKA_BROKERS: must be set when the Kafka connection is secured (KAFKA_SASL_*, KAFKA_TLS*)',
    );
  return problems;
};

const describe = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
