import { describe, expect, it } from 'vitest';
import type { FulfilmentCommand } from './commands.ts';
import { decide } from './decide.ts';
import { evolve } from './evolve.ts';
import type { FulfilmentInput } from './inputs.ts';
import { initialState } from './state.ts';
import type { Fulfilment } from './state.ts';
import {
  estimateRevised,
  onTheWay,
  promised,
  shippedWithEstimate,
  slipped,
  slippedAgain,
  tracked,
} from './testing/estimates.ts';
import { cancelled, delivered, happyPath, policy, sends, workflow } from './testing/fixtures.ts';

// The carrier may tell another date when the parcel is tracked. The workflow asks the order to
// record it when it differs from the one on record, once per change, and never once delivered.

const revise = (estimatedDeliveryAt: string, revisions = 0) =>
  sends(
    'ReviseDeliveryEstimate',
    shippedWithEstimate,
    { trackingId: 'TRK-1', estimatedDeliveryAt },
    revisions,
    estimatedDeliveryAt,
  );

describe('the carrier revising its estimate', () => {
  it('given a parcel on its way, when the carrier tells a later date, then the order is asked to record it', () => {
    workflow()
      .given(...onTheWay)
      .when(tracked(9, slipped))
      .thenSends([revise(slipped)]);
  });

  it('given a parcel on its way, when the carrier tells the promised date again, then nothing is asked', () => {
    workflow()
      .given(...onTheWay)
      .when(tracked(9, promised))
      .thenNothing();
    workflow()
      .given(...onTheWay)
      .when(tracked(9))
      .thenNothing();
  });

  it('given the revision recorded, when the carrier tells the same date again, then nothing is asked', () => {
    workflow()
      .given(...onTheWay, tracked(9, slipped), estimateRevised(slipped, promised))
      .when(tracked(11, slipped))
      .thenNothing();
  });

  it('given the revision recorded, when the carrier tells yet another date, then that change is asked for under a new id', () => {
    workflow()
      .given(...onTheWay, tracked(9, slipped), estimateRevised(slipped, promised))
      .when(tracked(11, slippedAgain))
      .thenSends([revise(slippedAgain, 1)]);
  });

  it('given a delivered order, when a late answer tells another date, then nothing is asked', () => {
    workflow()
      .given(...onTheWay, delivered)
      .when(tracked(10, slipped))
      .thenSends([sends('CompleteFulfilment', delivered, { outcome: 'delivered' })]);
  });

  it('given a cancelled order, when an answer tells a date, then no revision is asked', () => {
    const sent = workflow()
      .given(...happyPath.slice(0, 5), cancelled(5))
      .when(tracked(9, slipped)).sent;
    expect(sent.map((command) => command.type)).not.toContain('ReviseDeliveryEstimate');
  });
});

describe('every input delivered three times', () => {
  const deliverThrice = (log: readonly FulfilmentInput[]) => {
    let state: Fulfilment = initialState;
    const sent = new Map<string, FulfilmentCommand>();
    for (const input of log) {
      state = evolve(state, input);
      for (const delivery of [input, input, input]) {
        for (const command of decide(delivery, state, policy)) sent.set(command.commandId, command);
      }
    }
    return [...sent.values()].filter((command) => command.type === 'ReviseDeliveryEstimate');
  };

  it('given one change the carrier told twice, then one revision is asked for', () => {
    const log = [
      ...onTheWay,
      tracked(9, slipped),
      estimateRevised(slipped, promised),
      tracked(11, slipped),
      delivered,
    ];
    expect(deliverThrice(log)).toEqual([revise(slipped)]);
  });

  it('given two changes, then one revision each', () => {
    const log = [
      ...onTheWay,
      tracked(9, slipped),
      estimateRevised(slipped, promised),
      tracked(11, slippedAgain),
      estimateRevised(slippedAgain, slipped, 11),
    ];
    expect(deliverThrice(log)).toEqual([revise(slipped), revise(slippedAgain, 1)]);
  });
});
