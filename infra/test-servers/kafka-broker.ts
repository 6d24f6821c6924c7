import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';

/**
 * What every single-node test broker (local or container) is given on top of its listeners, as
 * server.properties names it: internal topics that fit one broker, and no waiting meant for real
 * clusters.
 */
export const testBrokerSettings: Readonly<Record<string, string>> = {
  'offsets.topic.replication.factor': '1',
  // Fewer than the default 50, so the first consumer group does not wait for 50 partitions.
  'offsets.topic.num.partitions': '10',
  'transaction.state.log.replication.factor': '1',
  'transaction.state.log.min.isr': '1',
  'transaction.state.log.num.partitions': '10',
  'default.replication.factor': '1',
  'min.insync.replicas': '1',
  'num.partitions': '3',
  'auto.create.topics.enable': 'true',
  // A group's first join would otherwise wait 3 s for more members.
  'group.initial.rebalance.delay.ms': '0',
  // Lets fault tests use short consumer session timeouts (the default floor is 6 s).
  'group.min.session.timeout.ms': '1000',
};

/** A new KRaft cluster id: 16 random bytes in URL-safe base64, never starting with "-". */
export const newClusterId = (): string => {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    // Kafka's own generator skips these too: a leading "-" reads as an option on a command line.
    if (!id.startsWith('-')) return id;
  }
};

export interface WaitForKafkaOptions {
  readonly timeoutMs: number;
  /** Why waiting is pointless (e.g. "the JVM exited: exit code 1"), or undefined to go on. */
  readonly gaveUp?: () => string | undefined;
}

/**
 * Resolves once the brokers (a comma-separated list) answer a cluster description with at least one
 * live broker. Rejects with the last failure when they do not within `timeoutMs`, or at once when
 * `gaveUp` says so.
 */
export const waitForKafka = async (
  brokers: string,
  options: WaitForKafkaOptions,
): Promise<void> => {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const reason = options.gaveUp?.();
    if (reason !== undefined) throw new Error(`Kafka at ${brokers} gave up: ${reason}`);
    const failure = await describeCluster(brokers).then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    if (failure === undefined) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `Kafka at ${brokers} did not answer within ${options.timeoutMs / 1000} s (${failure})`,
      );
    }
    await sleep(250);
  }
};

const describeCluster = async (brokers: string): Promise<void> => {
  const admin = new Kafka({
    clientId: 'order-ledger-test-servers',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 2_000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) throw new Error('no live broker yet');
  } finally {
    await admin.disconnect();
  }
};
