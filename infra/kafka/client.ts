import { Kafka, logLevel, type LogEntry, type RetryOptions } from 'kafkajs';
import type { Logger } from '../logger.ts';
import type { KafkaSecurity } from './security.ts';

export interface KafkaClientOptions {
  /** Comma-separated `host:port` list, as KAFKA_BROKERS holds it. */
  readonly brokers: string;
  readonly clientId: string;
  readonly logger: Logger;
  /** kafkajs' own retries for one request; callers that loop on failure keep this short. */
  readonly retry?: RetryOptions;
  /** TLS and SASL (kafkaSecurityOf the configuration); none: plaintext, unauthenticated. */
  readonly security?: KafkaSecurity;
}

// Bounded so that a broker that is down fails a call within seconds: our callers retry with
// their own backoff (and, for transactions, a fresh session), which kafkajs cannot do for them.
const defaultRetry: RetryOptions = { initialRetryTime: 100, maxRetryTime: 1_000, retries: 5 };

// kafkajs warns about this on every producer we create; our transactional session re-fences and
// re-reads its progress after any failure, which is what unbounded retries would protect.
const expectedWarnings = ['Limiting retries for the idempotent producer may invalidate EoS'];

/** Splits KAFKA_BROKERS into the list kafkajs wants; blanks are dropped. */
export const parseBrokers = (brokers: string): string[] =>
  brokers
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');

// kafkajs logs every error response of a connection, and every attempt it is about to retry,
// as an error; what finally fails reaches our code, which logs it with its context.
const isRetryNoise = (namespace: string, fields: Record<string, unknown>): boolean =>
  namespace === 'Connection' || 'retryCount' in fields;

/**
 * kafkajs logs through pino: its retry chatter and info lines as debug, anything else it thinks
 * wrong as a warning.
 */
const pinoLogCreator =
  (logger: Logger) =>
  () =>
  ({ namespace, level, log }: LogEntry): void => {
    const { message, timestamp: _timestamp, ...extra } = log;
    const line = { kafkajs: namespace, ...extra };
    if (
      isRetryNoise(namespace, extra) ||
      expectedWarnings.some((expected) => message.startsWith(expected))
    ) {
      logger.debug(line, message);
    } else if (level === logLevel.ERROR || level === logLevel.WARN) {
      logger.warn(line, message);
    } else if (level === logLevel.INFO) {
      logger.debug(line, message);
    } else {
      logger.trace(line, message);
    }
  };

/** A kafkajs client for the product: pino logging, short bounded retries, TLS and SASL if set. */
export const createKafka = (options: KafkaClientOptions): Kafka =>
  new Kafka({
    clientId: options.clientId,
    brokers: parseBrokers(options.brokers),
    ...options.security,
    logLevel: logLevel.INFO,
    logCreator: pinoLogCreator(options.logger),
    retry: options.retry ?? defaultRetry,
  });

/** A failure's message, for logs and status. */
export const describeError = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
