import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { kafkaSecurityOf } from './security.ts';

const passwordFile = fileURLToPath(new URL('./testing/password.txt', import.meta.url));
const brokers = { KAFKA_BROKERS: 'kafka-1.example:9093' };

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
};

describe('Kafka security settings', () => {
  it('are off unless asked for: plaintext, no credentials', () => {
    expect(kafkaSecurityOf(loadConfig(brokers))).toEqual({});
  });

  it('give kafkajs SCRAM credentials, the password read from a file without its newline', () => {
    const config = loadConfig({
      ...brokers,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'ledger',
      KAFKA_SASL_PASSWORD_FILE: passwordFile,
    });
    expect(config.KAFKA_SASL_MECHANISM).toBe('SCRAM-SHA-512');
    expect(kafkaSecurityOf(config)).toEqual({
      sasl: { mechanism: 'scram-sha-512', username: 'ledger', password: 'from-a-file' },
    });
  });

  it('verify the broker certificate by default, and not when told not to', () => {
    const tls = { ...brokers, KAFKA_TLS: 'true' };
    expect(kafkaSecurityOf(loadConfig(tls))).toEqual({ ssl: { rejectUnauthorized: true } });
    const unverified = loadConfig({ ...tls, KAFKA_TLS_REJECT_UNAUTHORIZED: 'false' });
    expect(kafkaSecurityOf(unverified)).toEqual({ ssl: { rejectUnauthorized: false } });
  });

  it('pass the CA and client certificate files on as PEM text', () => {
    const config = loadConfig({
      ...brokers,
      KAFKA_TLS: 'true',
      KAFKA_TLS_CA_FILE: passwordFile,
      KAFKA_TLS_CERT_FILE: passwordFile,
      KAFKA_TLS_KEY_FILE: passwordFile,
    });
    expect(kafkaSecurityOf(config).ssl).toEqual({
      rejectUnauthorized: true,
      ca: ['from-a-file\n'],
      cert: 'from-a-file\n',
      key: 'from-a-file\n',
    });
  });

  it('refuse combinations that cannot work, each naming its variable', () => {
    expect(problemsOf({ ...brokers, KAFKA_SASL_MECHANISM: 'GSSAPI' })).toEqual([
      expect.stringMatching(/^KAFKA_SASL_MECHANISM: /),
    ]);
    expect(problemsOf({ ...brokers, KAFKA_SASL_MECHANISM: 'PLAIN' })).toEqual([
      'KAFKA_SASL_USERNAME: must be set with KAFKA_SASL_MECHANISM',
      'KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE: exactly one must be set with KAFKA_SASL_MECHANISM',
    ]);
    expect(
      problemsOf({
        ...brokers,
        KAFKA_SASL_MECHANISM: 'PLAIN',
        KAFKA_SASL_USERNAME: 'ledger',
        KAFKA_SASL_PASSWORD: 'secret',
        KAFKA_SASL_PASSWORD_FILE: passwordFile,
      }),
    ).toEqual([
      'KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE: exactly one must be set with KAFKA_SASL_MECHANISM',
    ]);
    expect(problemsOf({ ...brokers, KAFKA_SASL_USERNAME: 'ledger' })).toEqual([
      'KAFKA_SASL_MECHANISM: must be set when KAFKA_SASL_USERNAME is',
    ]);
    expect(problemsOf({ ...brokers, KAFKA_TLS_CA_FILE: passwordFile })).toEqual([
      'KAFKA_TLS: must be true when KAFKA_TLS_CA_FILE is set',
    ]);
    expect(
      problemsOf({ ...brokers, KAFKA_TLS: 'true', KAFKA_TLS_CERT_FILE: passwordFile }),
    ).toEqual(['KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE: set both or neither']);
    expect(problemsOf({ KAFKA_TLS: 'true' })).toEqual([
      'KAFKA_BROKERS: must be set when the Kafka connection is secured (KAFKA_SASL_*, KAFKA_TLS*)',
    ]);
    expect(problemsOf({ ...brokers, KAFKA_TLS: 'maybe' })).toEqual([
      expect.stringMatching(/^KAFKA_TLS: /),
    ]);
  });

  it('refuse a file that cannot be read', () => {
    expect(
      problemsOf({ ...brokers, KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: '/nonexistent/ca.pem' }),
    ).toEqual([expect.stringMatching(/^KAFKA_TLS_CA_FILE: cannot read \/nonexistent\/ca\.pem \(/)]);
  });
});
