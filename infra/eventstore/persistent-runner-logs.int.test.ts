import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventStoreDBClient } from '@eventstore/db-client';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { orderMixin } from '../logger.ts';
import { createMetrics } from '../metrics.ts';
import { serverUrl } from '../test-servers/use-server.ts';
import { createEventStore } from './event-store.ts';
import { runPersistent } from './persistent-runner.ts';
import { seatCodec, take } from './testing/seats.ts';

const client = EventStoreDBClient.connectionString(serverUrl('eventstore'));
afterAll(async () => {
  await client.dispose();
});

class Refused extends Error {
  readonly poison = true;
}

describe('log lines of the persistent runner', () => {
  it('given an event of an order whose handler fails for good, then the lines of the handler and of the runner name the order', async () => {
    const orderId = randomUUID();
    const stream = `order-${orderId}`;
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const logger = pino({ base: null, mixin: orderMixin }, sink);
    const stop = new AbortController();

    const runner = runPersistent({
      group: `logs-${randomUUID()}`,
      client,
      codec: seatCodec,
      source: { kind: 'stream', stream },
      // A group on one stream starts at its end: the event is appended once the runner is live.
      settings: { maxRetryCount: 0 },
      handle: () => {
        logger.info('handling');
        return Promise.reject(new Refused('refused for good'));
      },
      logger,
      metrics: createMetrics(),
      signal: stop.signal,
    });
    const live = Date.now() + 10_000;
    while (runner.status().state !== 'live' && Date.now() < live) await sleep(50);
    await createEventStore(client).append(
      stream,
      [
        {
          event: take('alice'),
          metadata: {
            $correlationId: orderId,
            $causationId: 'request-1',
            actor: 'alice',
            occurredAt: new Date().toISOString(),
          },
        },
      ],
      seatCodec,
      'no_stream',
    );
    const deadline = Date.now() + 10_000;
    while (!lines.some((line) => line.msg === 'parked an event') && Date.now() < deadline)
      await sleep(50);
    stop.abort();
    await runner.done;

    const said = lines
      .filter((line) => line.msg === 'handling' || line.msg === 'parked an event')
      .map(({ msg, orderId: order, correlationId }) => ({ msg, order, correlationId }));
    expect(said).toEqual([
      { msg: 'handling', order: orderId, correlationId: orderId },
      { msg: 'parked an event', order: orderId, correlationId: orderId },
    ]);
  });
});
