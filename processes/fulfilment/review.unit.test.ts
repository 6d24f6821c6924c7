import { describe, expect, it } from 'vitest';
import type { FulfilmentCommand } from './commands.ts';
import { decide } from './decide.ts';
import { evolve } from './evolve.ts';
import { initialState } from './state.ts';
import { timersOf } from './timers.ts';
import { allowedRequests, waitingOf } from './waiting.ts';
import {
  authorized,
  clock,
  confirmed,
  placed,
  rejected,
  reserved,
  reviewPolicy,
  reviewed,
  riskScored,
  sends,
  stateAfter,
  workflow,
} from './testing/fixtures.ts';

// Fraud review in the saga: every order is scored when placed; one scoring at or above the
// threshold is held with its stock reserved and its payment authorized (not captured) until a
// reviewer approves or rejects it, or the review times out (60 minutes in these specs).

const review = (changes = {}) => workflow({ ...reviewPolicy, ...changes });
const paid = [placed, reserved('SKU-1'), reserved('SKU-2'), authorized] as const;

describe('fraud review in the saga', () => {
  it('asks for the risk score with the stock when the order is placed', () => {
    review()
      .given()
      .when(placed)
      .thenSends([
        sends('ReserveStock', placed, { sku: 'SKU-1', quantity: 2 }, 'SKU-1', 0),
        sends('ReserveStock', placed, { sku: 'SKU-2', quantity: 1 }, 'SKU-2', 0),
        sends('ScoreRisk', placed, {}),
      ]);
  });

  it('confirms an authorized order only once it is scored, and at once when the score is low', () => {
    review()
      .given(placed, reserved('SKU-1'), reserved('SKU-2'))
      .when(authorized)
      .thenSends([sends('ScoreRisk', placed, {})]);
    const low = riskScored(12, false, 3);
    review()
      .given(...paid)
      .when(low)
      .thenSends([sends('ConfirmOrder', authorized, {})]);
    // Scored before the payment: confirmed on the authorization, as without scoring.
    review()
      .given(placed, riskScored(12, false), reserved('SKU-1'), reserved('SKU-2'))
      .when(authorized)
      .thenSends([sends('ConfirmOrder', authorized, {})]);
  });

  it('holds a high-risk order: no confirmation, no capture, the stock stays reserved', () => {
    const held = review()
      .given(placed, riskScored(91, true), reserved('SKU-1'), reserved('SKU-2'))
      .when(authorized);
    held.thenNothing();
    expect(waitingOf(held.state, reviewPolicy)).toMatchObject({
      for: 'review',
      then: 'rejected: not reviewed in time',
      needsAttention: true,
    });
    expect(allowedRequests(held.state).review).toBe(true);
  });

  it('confirms a held order a reviewer approved, caused by the approval', () => {
    const approval = reviewed('approved');
    review()
      .given(...paid, riskScored(91, true))
      .when(approval)
      .thenSends([sends('ConfirmOrder', approval, {})]);
  });

  it('rejects a held order a reviewer rejected; its stock is released and its payment voided', () => {
    const rejection = reviewed('rejected');
    review()
      .given(...paid, riskScored(91, true))
      .when(rejection)
      .thenSends([
        sends('RejectOrder', rejection, {
          reason: 'fraud_review',
          detail: 'rejected by a reviewer',
        }),
      ]);
    const closed = rejected('fraud_review', 'rejected by a reviewer', 31);
    review()
      .given(...paid, riskScored(91, true), rejection)
      .when(closed)
      .thenSends([
        sends('ReleaseStock', closed, { sku: 'SKU-1' }, 'SKU-1', 0),
        sends('ReleaseStock', closed, { sku: 'SKU-2' }, 'SKU-2', 0),
        sends('VoidAuthorization', closed, {}),
      ]);
  });

  it('rejects a held order nobody reviewed once the review times out', () => {
    const scored = riskScored(91, true, 1);
    const given = [placed, scored, reserved('SKU-1'), reserved('SKU-2'), authorized];
    review()
      .given(...given)
      .when(clock(60, -1))
      .thenNothing();
    review()
      .given(...given)
      .when(clock(61))
      .thenSends([
        sends('RejectOrder', scored, {
          reason: 'fraud_review',
          detail: 'no review within 3600000 ms',
        }),
      ]);
  });

  it('ignores a second review, and a review of an order that is not held', () => {
    const state = stateAfter([...paid, riskScored(91, true), reviewed('approved'), confirmed]);
    const after = evolve(state, reviewed('rejected', 40, 'in-late-rejection'));
    expect(after).toEqual(state);
    const notHeld = stateAfter([...paid, riskScored(10, false)]);
    expect(evolve(notHeld, reviewed('rejected'))).toEqual(notHeld);
    expect(allowedRequests(notHeld).review).toBe(false);
    if (state.stage === 'unstarted') throw new Error('expected a started saga');
    expect(timersOf(state, reviewPolicy).map((timer) => timer.purpose)).not.toContain(
      'review_timeout',
    );
  });

  it('sends each command once over the review path, however often each input is redelivered', () => {
    const approval = reviewed('approved');
    const path = [placed, reserved('SKU-1'), reserved('SKU-2'), riskScored(91, true), authorized];
    for (const ending of [[approval, confirmed], [reviewed('rejected')]]) {
      let state = initialState;
      const sent = new Map<string, FulfilmentCommand>();
      // Every input delivered twice more, as a competing consumer and a redelivery would.
      for (const input of [...path, ...ending, ...path, ...ending, ...path, ...ending]) {
        state = evolve(state, input);
        for (const command of decide(input, state, reviewPolicy))
          sent.set(command.commandId, command);
      }
      const types = [...sent.values()].map((command) => command.type);
      expect(types.filter((type) => type === 'ScoreRisk')).toHaveLength(1);
      expect(types.filter((type) => type === 'AuthorizePayment')).toHaveLength(1);
      const approved = ending.length === 2;
      // Captured only once confirmed (at the warehouse's hand-over): never while held.
      expect(types.filter((type) => type === 'CapturePayment')).toHaveLength(approved ? 1 : 0);
      expect(types.filter((type) => type === 'ConfirmOrder' || type === 'RejectOrder')).toEqual(
        approved ? ['ConfirmOrder'] : ['RejectOrder'],
      );
    }
  });
});
