import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../infra/logger.ts';
import { createMetrics } from '../../infra/metrics.ts';
import type { BridgedEvent } from './mapping.ts';
import { bridgeMetrics } from './metrics.ts';
import { BridgeStopped, startPipeline, type Pipeline } from './pipeline.ts';
import type { Transactions } from './session.ts';
import { bridged } from './testing/recorded.ts';

/**
 * Kafka as the pipeline sees it: committed batches, the progress they imply, and failures on
 * demand: `lost` fails before anything is written, `unanswered` writes and then fails (the
 * commit went through but its answer never came).
 */
class FakeKafka implements Transactions {
  readonly committed: BridgedEvent[][] = [];
  readonly failures: ('lost' | 'unanswered')[] = [];
  sessions = 0;
  inFlight = 0;
  mostInFlight = 0;
  gate: Promise<void> = Promise.resolve();

  begin(): Promise<ReadonlyMap<string, number>> {
    this.sessions++;
    const progress = new Map<string, number>(this.preloaded);
    for (const event of this.committed.flat()) {
      progress.set(event.stream, Math.max(event.revision, progress.get(event.stream) ?? -1));
    }
    return Promise.resolve(progress);
  }

  async commit(batch: readonly BridgedEvent[]): Promise<void> {
    this.inFlight++;
    this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
    try {
      await this.gate;
      const failure = this.failures.shift();
      if (failure === 'lost') throw new Error('broker unreachable');
      this.committed.push([...batch]);
      if (failure === 'unanswered') throw new Error('request timed out');
    } finally {
      this.inFlight--;
    }
  }

  end(): Promise<void> {
    return Promise.resolve();
  }

  preloaded = new Map<string, number>();

  ids(): string[] {
    return this.committed.flat().map((event) => event.id);
  }
}

const controllers: AbortController[] = [];
afterEach(() => {
  for (const controller of controllers.splice(0)) controller.abort();
});

const start = (kafka: FakeKafka, maxBatch = 3): { pipeline: Pipeline; stop: () => void } => {
  const controller = new AbortController();
  controllers.push(controller);
  const pipeline = startPipeline({
    transactions: kafka,
    tuning: { maxBatch, lingerMs: 1, retryDelay: () => 1 },
    metrics: bridgeMetrics(createMetrics({ defaultMetrics: false })),
    logger: silentLogger(),
    signal: controller.signal,
  });
  return {
    pipeline,
    stop: () => {
      controller.abort();
    },
  };
};

const stream = (name: string, count: number, from = 0) =>
  Array.from({ length: count }, (_, index) => bridged(name, from + index));

describe('publishing in transactions', () => {
  it('publishes in arrival order, in batches no bigger than asked', async () => {
    const kafka = new FakeKafka();
    const { pipeline } = start(kafka);
    const events = [...stream('order-1', 4), ...stream('inventory-A', 3)].map((event, index) => ({
      ...event,
      commitPosition: 1_000 + index,
    }));
    await Promise.all(events.map((event) => pipeline.submit(event)));
    expect(kafka.ids()).toEqual(events.map((event) => event.id));
    expect(kafka.committed.every((batch) => batch.length <= 3)).toBe(true);
    expect(pipeline.status()).toMatchObject({
      published: 7,
      skipped: 0,
      lastCommitPosition: 1_006,
    });
  });

  it('settles a delivery only once the transaction holding it committed', async () => {
    const kafka = new FakeKafka();
    const gate = Promise.withResolvers<undefined>();
    kafka.gate = gate.promise;
    const open = () => {
      gate.resolve(undefined);
    };
    const { pipeline } = start(kafka);
    let settled = false;
    const delivery = pipeline.submit(bridged('order-1', 0)).then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    open();
    await delivery;
    expect(kafka.ids()).toEqual(['order-1@0']);
  });

  it('never has two transactions in flight, so a stream keeps its order across batches', async () => {
    const kafka = new FakeKafka();
    const { pipeline } = start(kafka, 2);
    const events = stream('inventory-HOT', 11);
    await Promise.all(events.map((event) => pipeline.submit(event)));
    expect(kafka.mostInFlight).toBe(1);
    expect(kafka.committed.length).toBeGreaterThan(5);
    expect(kafka.ids()).toEqual(events.map((event) => event.id));
  });
});

describe('when Kafka fails', () => {
  it('retries the same batch in a new session until it commits, and publishes nothing twice', async () => {
    const kafka = new FakeKafka();
    kafka.failures.push('lost', 'lost', 'lost');
    const { pipeline } = start(kafka);
    const events = stream('order-1', 3);
    await Promise.all(events.map((event) => pipeline.submit(event)));
    expect(kafka.committed).toEqual([events]);
    expect(kafka.sessions).toBe(4);
  });

  it('finds, in the new session, a commit whose answer was lost, and does not repeat it', async () => {
    const kafka = new FakeKafka();
    kafka.failures.push('unanswered');
    const { pipeline } = start(kafka);
    const events = stream('order-1', 3);
    await Promise.all(events.map((event) => pipeline.submit(event)));
    await pipeline.submit(bridged('order-1', 3));
    expect(kafka.ids()).toEqual(['order-1@0', 'order-1@1', 'order-1@2', 'order-1@3']);
    expect(pipeline.status()).toMatchObject({ published: 1, skipped: 3, session: 'open' });
  });
});

describe('redeliveries', () => {
  it('acks events Kafka already holds without producing them again', async () => {
    const kafka = new FakeKafka();
    kafka.preloaded.set('order-1', 1);
    const { pipeline } = start(kafka);
    await Promise.all(stream('order-1', 3).map((event) => pipeline.submit(event)));
    expect(kafka.ids()).toEqual(['order-1@2']);
    expect(pipeline.status()).toMatchObject({ published: 1, skipped: 2 });
  });

  it('publishes a redelivery of a queued event once, and settles both deliveries', async () => {
    const kafka = new FakeKafka();
    const gate = Promise.withResolvers<undefined>();
    kafka.gate = gate.promise;
    const open = () => {
      gate.resolve(undefined);
    };
    const { pipeline } = start(kafka);
    const first = pipeline.submit(bridged('order-1', 0));
    const second = pipeline.submit(bridged('order-1', 1));
    const again = pipeline.submit(bridged('order-1', 0));
    open();
    await Promise.all([first, second, again]);
    expect(kafka.ids()).toEqual(['order-1@0', 'order-1@1']);
  });
});

describe('stopping', () => {
  it('rejects what is not yet published, so it is redelivered, and refuses more', async () => {
    const kafka = new FakeKafka();
    kafka.gate = new Promise(() => undefined);
    const { pipeline, stop } = start(kafka);
    const waiting = pipeline.submit(bridged('order-1', 0));
    await new Promise((resolve) => setTimeout(resolve, 10));
    kafka.gate = Promise.resolve();
    stop();
    await expect(waiting).rejects.toBeInstanceOf(BridgeStopped);
    await expect(pipeline.submit(bridged('order-1', 1))).rejects.toBeInstanceOf(BridgeStopped);
  });
});
