import { describe, expect, it } from 'vitest';
import type { FulfilmentInput } from './inputs.ts';
import { decide } from './decide.ts';
import { stageOf } from './queries.ts';
import { policy, stateAfter } from './testing/fixtures.ts';
import { v1InputsOf, v1Log, v1Orders } from './testing/v1-log.ts';

// Orders left in flight by the v1 saga (its `fulfilment-*` streams full of observations, decisions
// and timers) read by today's workflow: the v1 events are folded and ignored, the facts come from
// the aggregates' events, and the timers are derived again from them.

const lastAt = (inputs: readonly FulfilmentInput[]): number =>
  Math.max(...inputs.map((input) => Date.parse(input.at)));
const decidedAt = (orderId: string, afterLastMs: number) => {
  const inputs = v1InputsOf(orderId);
  const state = stateAfter(inputs);
  const at = new Date(lastAt(inputs) + afterLastMs).toISOString();
  return { state, sent: decide({ kind: 'clock', at }, state, policy) };
};

describe('a log recorded by the v1 saga', () => {
  it('holds the v1 saga’s own event types, which the workflow reads', () => {
    const types = new Set(
      v1Log.filter((e) => e.stream.startsWith('fulfilment-')).map((e) => e.type),
    );
    expect([...types].sort()).toEqual(
      expect.arrayContaining([
        'FulfilmentStarted',
        'TimerScheduled',
        'InputHandled',
        'DeliveryPending',
      ]),
    );
  });

  it('awaiting payment: the authorization it asked for is asked again, under its own id', () => {
    const { state, sent } = decidedAt(v1Orders.awaitingPayment, 1000);
    expect(stageOf(state)).toBe('awaiting_payment');
    expect(
      sent.map((command) => [command.type, 'attempt' in command ? command.attempt : null]),
    ).toEqual([['AuthorizePayment', 1]]);
  });

  it('confirmed, its shipment refused once: the retry is due a minute after the refusal', () => {
    expect(decidedAt(v1Orders.confirmed, 59_000).sent).toEqual([]);
    const { state, sent } = decidedAt(v1Orders.confirmed, 60_000);
    expect(stageOf(state)).toBe('shipping');
    expect(
      sent.map((command) => [command.type, 'attempt' in command ? command.attempt : null]),
    ).toEqual([['Ship', 2]]);
  });

  it('shipped, in transit at the last check: the carrier is asked again', () => {
    const { state, sent } = decidedAt(v1Orders.shipped, 5 * 60_000);
    expect(stageOf(state)).toBe('in_transit');
    expect(sent.map((command) => command.type)).toEqual(['TrackShipment']);
  });

  it('declined in its grace period: rejected once the grace ends', () => {
    expect(decidedAt(v1Orders.declined, 1000).sent).toEqual([]);
    const { sent } = decidedAt(v1Orders.declined, 60_000);
    expect(sent).toMatchObject([
      { type: 'RejectOrder', reason: 'payment_declined', detail: 'card_declined' },
    ]);
  });

  it('delivered and completed: nothing more', () => {
    const { state, sent } = decidedAt(v1Orders.delivered, 24 * 60 * 60_000);
    expect(state.stage).toBe('completed');
    expect(sent).toEqual([]);
  });
});
