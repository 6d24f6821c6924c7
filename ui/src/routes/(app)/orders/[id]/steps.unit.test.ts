import { describe, expect, it } from 'vitest';
import { stepsOf } from './steps.ts';

const at = '2026-07-15T10:00:00.000Z';
const states = (steps: ReturnType<typeof stepsOf>) =>
  steps.map((step) => `${step.label}:${step.state}`);

describe('the order’s stepper', () => {
  it('shows the next step of a placed order as the one in progress', () => {
    const steps = stepsOf(
      {
        status: 'placed',
        placedAt: at,
        updatedAt: at,
        steps: { placedAt: at, stockReservedAt: at },
      },
      [],
    );
    expect(states(steps)).toEqual([
      'Placed:done',
      'Stock reserved:done',
      'Payment authorized:current',
      'Confirmed:upcoming',
      'Picking and packing:upcoming',
      'Shipped:upcoming',
      'Delivered:upcoming',
    ]);
  });

  it('counts the steps a status implies, even without their times', () => {
    const steps = stepsOf({ status: 'shipped', placedAt: at, updatedAt: at }, []);
    expect(
      states(steps)
        .slice(0, 6)
        .every((state) => state.endsWith(':done')),
    ).toBe(true);
    expect(steps[6]?.state).toBe('current');
  });

  it('uses the timeline when the read model has no steps', () => {
    const steps = stepsOf({ status: 'placed', placedAt: at, updatedAt: at }, [
      {
        eventId: 'e1',
        stream: 'inventory-SKU-1',
        revision: 3,
        type: 'StockReserved',
        recordedAt: at,
        summary: 'Stock reserved',
      },
    ]);
    expect(steps[1]).toMatchObject({ state: 'done', at });
  });

  it('shows where a rejected order left the path, and why', () => {
    const steps = stepsOf(
      {
        status: 'rejected',
        placedAt: at,
        updatedAt: at,
        reason: 'out_of_stock',
        detail: 'SKU-10: 4 requested, 3 available',
        steps: { placedAt: at, rejectedAt: at },
      },
      [],
    );
    expect(states(steps)).toEqual([
      'Placed:done',
      'Rejected:failed',
      'Stock reserved:skipped',
      'Payment authorized:skipped',
      'Confirmed:skipped',
      'Picking and packing:skipped',
      'Shipped:skipped',
      'Delivered:skipped',
    ]);
    expect(steps[1]).toMatchObject({
      note: 'Not enough stock: 4 of SKU-10 asked for, 3 left.',
      codes: 'out_of_stock · SKU-10: 4 requested, 3 available',
    });
  });

  it('given a confirmed order being packed, then picking and packing is the step in progress, with when it goes to the carrier', () => {
    const steps = stepsOf({ status: 'confirmed', placedAt: at, updatedAt: at }, [], {
      note: 'to the carrier at about 14:05',
      needsAttention: false,
    });
    expect(steps[4]).toEqual({
      label: 'Picking and packing',
      state: 'current',
      at: null,
      note: 'to the carrier at about 14:05',
    });
  });

  it('given a declined payment waiting for a retry, then the payment step asks for attention and says until when', () => {
    const steps = stepsOf(
      {
        status: 'placed',
        placedAt: at,
        updatedAt: at,
        steps: { placedAt: at, stockReservedAt: at },
      },
      [],
      { note: 'declined — waiting for a retry until 14:05', needsAttention: true },
    );
    expect(steps[2]).toMatchObject({
      label: 'Payment authorized',
      state: 'attention',
      note: 'declined — waiting for a retry until 14:05',
    });
  });
});
