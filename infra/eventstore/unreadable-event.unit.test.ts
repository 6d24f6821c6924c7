import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.ts';
import { createMetrics } from '../metrics.ts';
import { decodeResolved } from './recorded.ts';
import { seatCodec } from './testing/seats.ts';
import { storedBinary, storedJson } from './testing/stored.ts';
import { UnreadableEvent, unreadableEvents } from './unreadable-event.ts';

const thrownBy = (read: () => unknown): unknown => {
  try {
    read();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('decoding a stored event', () => {
  it('given data that fails its schema, then an UnreadableEvent naming stream, revision and type', () => {
    const error = thrownBy(() =>
      decodeResolved(storedJson('seats-7', 3, 'SeatTaken', { by: 42 }), seatCodec),
    );
    expect(error).toBeInstanceOf(UnreadableEvent);
    expect(error).toMatchObject({
      stream: 'seats-7',
      revision: 3,
      eventType: 'SeatTaken',
      knownType: true,
      eventId: 'seats-7@3',
      position: { commit: 103, prepare: 103 },
      reason: 'not a seat event: SeatTaken',
    });
  });

  it('given an event that is not JSON, then an UnreadableEvent saying so', () => {
    const bytes = new TextEncoder().encode('\u0000 not json');
    const error = thrownBy(() =>
      decodeResolved(storedBinary('seats-7', 5, 'SeatTaken', bytes), seatCodec),
    );
    expect(error).toMatchObject({ stream: 'seats-7', revision: 5, reason: 'the data is not JSON' });
  });

  it('given metadata without what every event carries, then an UnreadableEvent', () => {
    const stored = storedJson('seats-7', 0, 'SeatTaken', { by: 'alice' }, {});
    const error = thrownBy(() => decodeResolved(stored, seatCodec));
    expect(error).toBeInstanceOf(UnreadableEvent);
    expect(error).toMatchObject({
      revision: 0,
      reason: expect.stringMatching(/^bad metadata/) as unknown,
    });
  });
});

const unreadable = (stream: string, revision: number, eventType = 'SeatTaken', knownType = true) =>
  new UnreadableEvent({
    eventId: `${stream}@${String(revision)}`,
    stream,
    revision,
    eventType,
    knownType,
    position: undefined,
    reason: 'bad data',
  });

const capturingLogger = () => {
  const lines: string[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
};

const counted = async (metrics: ReturnType<typeof createMetrics>) =>
  (await metrics.registry.getSingleMetric('order_ledger_unreadable_events_total')?.get())?.values ??
  [];

describe('reporting unreadable events', () => {
  it('given the same event met twice at one place, then one log line and a count of one', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const { logger, lines } = capturingLogger();
    const reporter = unreadableEvents(metrics);
    reporter.report(unreadable('order-1', 3), 'http', logger);
    reporter.report(unreadable('order-1', 3), 'http', logger);
    unreadableEvents(metrics).report(unreadable('order-1', 3), 'http', logger);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      msg: 'unreadable event',
      where: 'http',
      stream: 'order-1',
      revision: 3,
      eventType: 'SeatTaken',
      reason: 'bad data',
    });
    expect(await counted(metrics)).toEqual([
      {
        labels: { stream_category: 'order', event_type: 'SeatTaken', where: 'http' },
        value: 1,
      },
    ]);
  });

  it('given one event met at two places, then it is logged and counted at each', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const { logger, lines } = capturingLogger();
    unreadableEvents(metrics).report(unreadable('order-1', 3), 'catch-up', logger);
    unreadableEvents(metrics).report(unreadable('order-1', 3), 'persistent', logger);
    expect(lines).toHaveLength(2);
    expect((await counted(metrics)).map(({ labels }) => labels.where)).toEqual([
      'catch-up',
      'persistent',
    ]);
  });

  it('names a type the codec does not know "unknown" in the metric, never the stored string', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    unreadableEvents(metrics).report(unreadable('x', 0, 'Junk-123', false), 'http', silentLogger());
    expect(await counted(metrics)).toMatchObject([
      { labels: { stream_category: 'other', event_type: 'unknown' } },
    ]);
  });

  it('remembers a bounded number of events: one forgotten long ago is logged again', () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const { logger, lines } = capturingLogger();
    const reporter = unreadableEvents(metrics);
    reporter.report(unreadable('order-1', 0), 'http', logger);
    for (let revision = 1; revision <= 1_024; revision++)
      reporter.report(unreadable('order-2', revision), 'http', logger);
    reporter.report(unreadable('order-1', 0), 'http', logger);
    expect(lines).toHaveLength(1_026);
    reporter.report(unreadable('order-2', 1_024), 'http', logger);
    expect(lines).toHaveLength(1_026);
  });
});
