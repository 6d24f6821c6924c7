import { describe, expect, it } from 'vitest';
import { orderHistory } from '../testing/orders.ts';
import { deliveredTwice, record } from '../testing/recorded.ts';
import { project } from '../testing/spec.ts';
import { recentCapacity, type RecommendationsDoc } from './documents.ts';
import { recommendations } from './index.ts';
import { basket, baskets } from './testing/baskets.ts';

const docsOf = (written: Parameters<typeof record>[0], twice = false) => {
  const events = record(written);
  return project(recommendations, twice ? deliveredTwice(events) : events);
};
const skuDoc = (docs: Map<string, RecommendationsDoc>, sku: string) => {
  const doc = docs.get(`sku:${sku}`);
  return doc?.kind === 'sku' ? doc : undefined;
};
const customerDoc = (docs: Map<string, RecommendationsDoc>, id: string) => {
  const doc = docs.get(`customer:${id}`);
  return doc?.kind === 'customer' ? doc : undefined;
};

describe('recommendations: given orders placed, then co-purchases, popularity and customers', () => {
  const history = baskets([['A1', 'B1'], ['A1', 'B1', 'C1'], ['A1', 'C1'], ['B1']]);

  it('each sku counts its orders and every sku that shared one, the most shared first', () => {
    const docs = docsOf(history);
    expect(skuDoc(docs, 'A1')).toMatchObject({
      category: 'A',
      orders: 3,
      partners: [
        { sku: 'B1', count: 2, over: 0 },
        { sku: 'C1', count: 2, over: 0 },
      ],
    });
    expect(skuDoc(docs, 'B1')).toMatchObject({
      orders: 3,
      partners: [
        { sku: 'A1', count: 2, over: 0 },
        { sku: 'C1', count: 1, over: 0 },
      ],
    });
  });

  it('a sku on two lines of one order counts that order once, and is not its own partner', () => {
    const docs = docsOf([basket('o1', 'c1', ['A1', 'A1', 'B1'])]);
    expect(skuDoc(docs, 'A1')).toMatchObject({ orders: 1, partners: [{ sku: 'B1', count: 1 }] });
  });

  it('a customer keeps the distinct skus they bought, the latest first', () => {
    const docs = docsOf([
      basket('o1', 'c1', ['A1', 'B1']),
      basket('o2', 'c2', ['C1']),
      basket('o3', 'c1', ['C1', 'A1']),
    ]);
    expect(customerDoc(docs, 'c1')).toMatchObject({ orders: 2, skus: ['C1', 'A1', 'B1'] });
  });

  it('a customer’s list keeps the most recent skus only', () => {
    const docs = docsOf(
      Array.from({ length: recentCapacity + 5 }, (_, n) =>
        basket(`o${String(n)}`, 'c1', [`A${String(n)}`]),
      ),
    );
    const skus = customerDoc(docs, 'c1')?.skus ?? [];
    expect(skus).toHaveLength(recentCapacity);
    expect(skus[0]).toBe(`A${String(recentCapacity + 4)}`);
    expect(skus).not.toContain('A0');
  });

  it('every later event of an order (cancelled, delivered) changes nothing: placed orders count', () => {
    const placedOnly = docsOf(orderHistory({ orderId: 'x', outcome: 'placed' }));
    const cancelled = docsOf(orderHistory({ orderId: 'x', outcome: 'cancelled_after_confirm' }));
    const strip = (docs: Map<string, RecommendationsDoc>) =>
      [...docs.values()].map(({ _position, ...doc }) => doc);
    expect(strip(cancelled)).toEqual(strip(placedOnly));
    expect(skuDoc(cancelled, 'SKU-1')).toMatchObject({ orders: 1, partners: [{ sku: 'SKU-2' }] });
  });

  it('every event delivered twice gives the same documents', () => {
    expect(docsOf(history, true)).toEqual(docsOf(history));
  });
});
