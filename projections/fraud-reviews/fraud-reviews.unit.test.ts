import { describe, expect, it } from 'vitest';
import { at } from '../testing/orders.ts';
import { deliveredTwice, record, type Written } from '../testing/recorded.ts';
import { project } from '../testing/spec.ts';
import { fraudReviews } from './index.ts';

// The fraud review queue and its audit: a document per held order, and what became of it.

const scored = (orderId: string, score: number, held: boolean): Written => ({
  stream: `fulfilment-${orderId}`,
  event: {
    type: 'RiskScored',
    data: {
      score,
      modelVersion: 'fraud-logreg-v2',
      factors: [
        { feature: 'ordersLastHour', label: '7 orders in the last hour', contribution: 3.1 },
      ],
      threshold: 70,
      held,
    },
  },
  actor: 'fulfilment-saga',
  at: at(0, 1),
});
const reviewed = (orderId: string, decision: 'approved' | 'rejected', actor: string): Written => ({
  stream: `fulfilment-${orderId}`,
  event: { type: 'RiskReviewed', data: { decision, reason: 'called the customer' } },
  actor,
  at: at(0, 30),
});
const timedOut = (orderId: string): Written => ({
  stream: `order-${orderId}`,
  event: {
    type: 'OrderRejected',
    data: {
      orderId,
      reason: 'fraud_review',
      detail: 'no review within 86400000 ms',
      rejectedAt: at(1, 0),
    },
  },
  actor: 'fulfilment-saga',
  at: at(1, 0),
});

describe('fraud_reviews', () => {
  it('given an order scored below the threshold, then there is nothing to review', () => {
    expect(project(fraudReviews, record([scored('ord-1', 20, false)])).size).toBe(0);
  });

  it('given a held order, then it is pending with its score and factors; a review records the reviewer and why', () => {
    const events = record([scored('ord-1', 88, true), reviewed('ord-1', 'approved', 'rita')]);
    const pending = project(fraudReviews, events.slice(0, 1)).get('ord-1');
    expect(pending).toMatchObject({
      status: 'pending',
      score: 88,
      factors: [{ label: '7 orders in the last hour' }],
      reviewer: null,
    });
    const doc = project(fraudReviews, deliveredTwice(events)).get('ord-1');
    expect(doc).toMatchObject({
      status: 'approved',
      reviewer: 'rita',
      reason: 'called the customer',
      decidedAt: at(0, 30),
    });
  });

  it('given a held order nobody reviewed, then the timeout is recorded as such, and a late review changes nothing', () => {
    const docs = project(
      fraudReviews,
      record([scored('ord-2', 95, true), timedOut('ord-2'), reviewed('ord-2', 'approved', 'rita')]),
    );
    expect(docs.get('ord-2')).toMatchObject({ status: 'timed_out', reviewer: null });
  });

  it('given a rejection by a reviewer, then the saga’s own rejection that follows keeps the reviewer', () => {
    const docs = project(
      fraudReviews,
      record([scored('ord-3', 95, true), reviewed('ord-3', 'rejected', 'rita'), timedOut('ord-3')]),
    );
    expect(docs.get('ord-3')).toMatchObject({ status: 'rejected', reviewer: 'rita' });
  });
});
