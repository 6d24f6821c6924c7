import { describe, expect, it } from 'vitest';
import { createFraudFeatureFold, featureNames } from './features.ts';
import type { FraudFeatures } from './features.ts';
import { addressAdded, authorized, declined, placed } from './testing/events.ts';
import type { FoldEvent } from './testing/events.ts';

/** Given these events folded in order, the features of `orderId` as its OrderPlaced went by. */
const given = (events: readonly FoldEvent[], orderId: string): FraudFeatures => {
  const fold = createFraudFeatureFold();
  for (const event of events) fold.apply(event);
  const features = fold.featuresOf(orderId);
  if (features === undefined) throw new Error(`no features for ${orderId}`);
  return features;
};

describe('fraud features, given the log before an order', () => {
  it("a customer's first order: no velocity, age 0, measured against the shop's usual", () => {
    const features = given(
      [
        placed('o-1', 'alice', 0, { euros: 50 }),
        placed('o-2', 'bob', 10, { euros: 50 }),
        placed('o-3', 'carol', 20, { euros: 400 }),
      ],
      'o-3',
    );
    expect(features).toMatchObject({
      ordersLastHour: 0,
      ordersLastDay: 0,
      accountAgeDays: 0,
      valueToUsual: 3,
      valueToShop: 3,
      valueAgainstAge: 8,
      declinesLastDay: 0,
      pastDeclines: 0,
      peakHourOrders: 0,
    });
    expect(Object.keys(features).sort()).toEqual([...featureNames].sort());
  });

  it('velocity counts the orders of the last hour and day before this one, not after', () => {
    const events = [
      placed('o-1', 'alice', -26 * 60),
      placed('o-2', 'alice', -5 * 60),
      placed('o-3', 'alice', -50),
      placed('o-4', 'alice', -2),
      placed('o-5', 'alice', 0),
      placed('o-6', 'alice', 1),
    ];
    expect(given(events, 'o-5')).toMatchObject({
      ordersLastHour: 2,
      ordersLastDay: 3,
      peakHourOrders: 2,
    });
    expect(given(events, 'o-5').accountAgeDays).toBeCloseTo(26 / 24, 6);
  });

  it("value is set against the customer's own mean, not the shop's", () => {
    const features = given(
      [
        placed('o-1', 'alice', 0, { euros: 20 }),
        placed('o-2', 'alice', 60, { euros: 40 }),
        placed('o-3', 'bob', 90, { euros: 300 }),
        placed('o-4', 'alice', 120, { euros: 120 }),
      ],
      'o-4',
    );
    expect(features.valueToUsual).toBeCloseTo(2, 6);
    expect(features.valueToShop).toBeCloseTo(Math.log2(120 / 120), 6);
  });

  it("declines count against the order's customer, for a day", () => {
    const events = [
      placed('o-1', 'alice', -30 * 60),
      declined('o-1', -30 * 60 + 1),
      placed('o-2', 'alice', -20),
      declined('o-2', -19),
      placed('o-3', 'bob', -10),
      declined('o-3', -9),
      placed('o-4', 'alice', -5),
      authorized('o-4', -4),
      placed('o-5', 'alice', 0),
    ];
    expect(given(events, 'o-5')).toMatchObject({ declinesLastDay: 1, pastDeclines: 2 });
  });

  it('address changes count against the account for a day: a new address just before ordering', () => {
    const fold = createFraudFeatureFold();
    fold.apply(placed('o-1', 'carol', 0));
    fold.apply(addressAdded('carol', 60));
    fold.apply(addressAdded('carol', 61));
    fold.apply(addressAdded('dave', 62));
    fold.apply(placed('o-2', 'carol', 65));
    expect(fold.featuresOf('o-1')?.addressChangesLastDay).toBe(0);
    expect(fold.featuresOf('o-2')?.addressChangesLastDay).toBe(2);
    fold.apply(placed('o-3', 'carol', 65 + 24 * 60));
    expect(fold.featuresOf('o-3')?.addressChangesLastDay).toBe(0);
  });

  it('a spike of one sku is set against the largest quantity the customer usually buys', () => {
    const features = given(
      [
        placed('o-1', 'alice', 0, { quantities: [1, 2] }),
        placed('o-2', 'alice', 60, { quantities: [2] }),
        placed('o-3', 'alice', 120, { quantities: [1, 16] }),
      ],
      'o-3',
    );
    expect(features).toMatchObject({ maxLineQuantity: 16, quantitySpike: 3 });
  });

  it('an hour in which the shop rarely sells scores as rare, a busy one as common', () => {
    const busy = Array.from({ length: 40 }, (_, index) =>
      placed(`busy-${String(index)}`, `c-${String(index)}`, index),
    );
    // Noon plus 15 hours is 03:00 UTC the next day.
    const night = placed('night', 'owl', 15 * 60, { euros: 150 });
    const noon = placed('noon', 'lark', 24 * 60 + 30, { euros: 150 });
    const features = given([...busy, night, noon], 'night');
    expect(features.hourRarity).toBeCloseTo(-Math.log2((1 / 64) * 24), 6);
    expect(features.rareHourValue).toBeCloseTo((features.hourRarity ?? 0) * 3, 6);
    expect(given([...busy, night, noon], 'noon').hourRarity).toBeLessThan(0);
  });

  it('forgets an order once told, and answers nothing for an order it never saw', () => {
    const fold = createFraudFeatureFold();
    fold.apply(placed('o-1', 'alice', 0));
    fold.forget('o-1');
    expect(fold.featuresOf('o-1')).toBeUndefined();
    expect(fold.featuresOf('o-2')).toBeUndefined();
  });

  it('refuses an OrderPlaced without the fields it reads', () => {
    const fold = createFraudFeatureFold();
    const event = {
      type: 'OrderPlaced',
      data: { orderId: 'o-1' },
      occurredAt: placed('o', 'c', 0).occurredAt,
    };
    expect(() => {
      fold.apply(event);
    }).toThrow();
  });
});
