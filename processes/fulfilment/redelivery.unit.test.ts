import { describe, expect, it } from 'vitest';
import { isRequest } from './commands.ts';
import type { SagaInput } from './commands.ts';
import { fulfilmentDecider } from './decide.ts';
import { InputBeforeStart } from './errors.ts';
import type { SagaEvent } from './events.ts';
import {
  authorized,
  by,
  cancelled,
  captured,
  confirmed,
  decider,
  declined,
  happyPath,
  history,
  observe,
  outOfStock,
  placed,
  refunded,
  rejected,
  released,
  reserved,
  retry,
  saga,
  policy,
  shipmentFailed,
  stateAfter,
  voided,
} from './fixtures.ts';
import type { Fulfilment } from './state.ts';

/** Delivers every input twice (the second time later): the stream, and what the repeats emitted. */
const deliverTwice = (inputs: readonly SagaInput[]) => {
  const events: SagaEvent[] = [];
  const repeats: SagaEvent[][] = [];
  let state: Fulfilment = decider.initialState;
  const apply = (emitted: readonly SagaEvent[]) => {
    for (const event of emitted) {
      events.push(event);
      state = decider.evolve(state, event);
    }
  };
  inputs.forEach((input, minute) => {
    if (isRequest(input.event)) apply([input.event]);
    apply(decider.decide(observe(input, minute), state));
    const again = decider.decide(observe(input, minute + 30), state);
    repeats.push(again);
    apply(again);
  });
  return { events, repeats };
};

const refundAfterCancel = cancelled();
const scenarios: Record<string, readonly SagaInput[]> = {
  delivered: happyPath,
  'out of stock': [
    placed,
    reserved('SKU-1'),
    outOfStock('SKU-2'),
    rejected('out_of_stock', 'SKU-2'),
    released('SKU-1'),
  ],
  'cancelled after capture': [
    placed,
    reserved('SKU-1'),
    reserved('SKU-2'),
    authorized,
    confirmed,
    captured,
    refundAfterCancel,
    released('SKU-1'),
    released('SKU-2'),
  ],
  'declined, retried, authorized, cancelled': [
    placed,
    reserved('SKU-1'),
    reserved('SKU-2'),
    declined(),
    retry('payment'),
    authorized,
    cancelled(),
    released('SKU-1'),
    released('SKU-2'),
    voided,
  ],
  'shipping failed once': [
    placed,
    reserved('SKU-1'),
    reserved('SKU-2'),
    authorized,
    confirmed,
    captured,
    shipmentFailed(1),
  ],
};

describe('every input delivered twice', () => {
  it.each(Object.entries(scenarios))(
    '%s: the repeats decide nothing, and the stream is the same',
    (_name, inputs) => {
      const { events, repeats } = deliverTwice(inputs);
      expect(repeats.every((emitted) => emitted.length === 0)).toBe(true);
      expect(events).toEqual(history(...inputs));
    },
  );

  it('asks for a refund once, and completes the same way', () => {
    const { events } = deliverTwice(scenarios['cancelled after capture'] ?? []);
    const refunds = events.filter((event) => event.type === 'RefundRequested');
    expect(refunds).toHaveLength(1);
    const [refund] = refunds;
    if (refund?.type !== 'RefundRequested') throw new Error('no refund was requested');
    const done = deliverTwice([
      ...(scenarios['cancelled after capture'] ?? []),
      refunded(refund.data.refundId),
    ]);
    expect(done.repeats.every((emitted) => emitted.length === 0)).toBe(true);
    expect(stateAfter(done.events)).toMatchObject({ stage: 'completed', outcome: 'cancelled' });
  });
});

describe('an input before OrderPlaced', () => {
  it('is not observed yet: it fails, to be retried once the order is in', () => {
    expect(() => decider.decide(observe(reserved('SKU-1')), decider.initialState)).toThrow(
      InputBeforeStart,
    );
    expect(() => decider.decide(observe(retry('payment')), decider.initialState)).toThrow(
      InputBeforeStart,
    );
  });
});

describe('a timer', () => {
  const fireTimer = (timerId: string, minute: number) =>
    ({
      type: 'FireTimer',
      data: { timerId },
      metadata: by({ id: 'fulfilment-scheduler', roles: ['process'] }, minute),
    }) as const;

  it('fires once it is due, and only once', () => {
    const started = history(placed);
    saga.given(started).when(fireTimer('reservation-timeout', 9)).thenNothing();
    saga
      .given(started)
      .when(fireTimer('reservation-timeout', 10))
      .thenEmits([{ type: 'TimerFired', data: { timerId: 'reservation-timeout' } }]);
    saga
      .given([...started, { type: 'TimerFired', data: { timerId: 'reservation-timeout' } }])
      .when(fireTimer('reservation-timeout', 11))
      .thenNothing();
  });

  it('never fires once cancelled, nor when unknown', () => {
    const authorizedInTime = history(placed, reserved('SKU-1'), reserved('SKU-2'), authorized);
    saga.given(authorizedInTime).when(fireTimer('reservation-timeout', 20)).thenNothing();
    saga.given(authorizedInTime).when(fireTimer('no-such-timer', 20)).thenNothing();
    saga.given([]).when(fireTimer('reservation-timeout', 20)).thenNothing();
  });

  it('fires at the configured time', () => {
    const events = fulfilmentDecider({ ...policy, reservationTimeoutMs: 90_000 }).decide(
      observe(placed, 0),
      decider.initialState,
    );
    expect(events).toContainEqual({
      type: 'TimerScheduled',
      data: {
        timerId: 'reservation-timeout',
        purpose: 'reservation_timeout',
        attempt: 1,
        fireAt: '2025-03-01T10:01:30.000Z',
      },
    });
  });
});
