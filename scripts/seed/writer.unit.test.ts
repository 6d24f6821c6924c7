import { describe, expect, it } from 'vitest';
import { seedHistory } from './history.ts';
import type { SeedEvent } from './seed-event.ts';
import { waves } from './writer.ts';

const chunk = [
  ...seedHistory({
    orders: 300,
    days: 3,
    seed: 7,
    fraud: false,
    end: Date.parse('2026-03-01T12:00:00Z'),
    products: 20,
  }),
];

/** Where each event lands: its wave, and its place in its stream's append within that wave. */
const placed = (split: Map<string, SeedEvent[]>[]) => {
  const where = new Map<SeedEvent, { wave: number; index: number }>();
  split.forEach((streams, wave) => {
    for (const group of streams.values())
      group.forEach((event, index) => where.set(event, { wave, index }));
  });
  return where;
};

describe('the causal log order: given a seeded chunk, then its waves', () => {
  const split = waves(chunk);
  const where = placed(split);

  it('hold every event once', () => {
    expect(where.size).toBe(chunk.length);
  });

  it('put each event after the one before it in its chain: a later wave, or later in the same append', () => {
    const last = new Map<string, SeedEvent>();
    let sameStream = 0;
    for (const event of chunk) {
      const before = last.get(event.chain);
      last.set(event.chain, event);
      if (before === undefined) continue;
      const [a, b] = [where.get(before), where.get(event)];
      if (a === undefined || b === undefined) throw new Error('an event in no wave');
      if (before.stream !== event.stream) expect(b.wave).toBeGreaterThan(a.wave);
      else {
        sameStream++;
        expect(b.wave > a.wave || (b.wave === a.wave && b.index > a.index)).toBe(true);
      }
    }
    // The chunk has runs of one stream within a chain (a sku's restocks, a cart's changes).
    expect(sameStream).toBeGreaterThan(0);
  });

  it('keep a chain’s run of events in one stream in one append rather than a wave each', () => {
    const last = new Map<string, SeedEvent>();
    for (const event of chunk) {
      const before = last.get(event.chain);
      last.set(event.chain, event);
      if (before?.stream !== event.stream) continue;
      const stockAfter = chunk.some(
        (e) =>
          e.stream === event.stream &&
          e.chain !== event.chain &&
          chunk.indexOf(e) > chunk.indexOf(before) &&
          chunk.indexOf(e) < chunk.indexOf(event),
      );
      // Only another order's release or restock in between may push it to a later wave.
      if (!stockAfter) expect(where.get(event)?.wave).toBe(where.get(before)?.wave);
    }
  });
});
