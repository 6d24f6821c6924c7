import { describe, expect, it } from 'vitest';
import { append, event, projectedStore, read } from './testing/events.ts';

describe('standard projections: given events, then the link streams', () => {
  it('links each category, event type, new stream and correlation id, in log order', async () => {
    const { store } = projectedStore();
    await append(store, 'order-1', event('OrderPlaced', 'c1'), event('OrderConfirmed', 'c1'));
    await append(store, 'payment-1', event('PaymentAuthorized', 'c1'));
    await append(store, 'order-2', event('OrderPlaced', 'c2'));
    await append(store, 'nodash', event('Other'));
    await append(store, 'order-1', event('OrderShipped'));

    expect(read(store, '$ce-order')).toEqual([
      '$> 0@order-1',
      '$> 1@order-1',
      '$> 0@order-2',
      '$> 2@order-1',
    ]);
    expect(read(store, '$ce-order', true)).toEqual([
      'OrderPlaced 0@order-1',
      'OrderConfirmed 1@order-1',
      'OrderPlaced 0@order-2',
      'OrderShipped 2@order-1',
    ]);
    expect(read(store, '$et-OrderPlaced')).toEqual(['$> 0@order-1', '$> 0@order-2']);
    expect(read(store, '$category-order')).toEqual(['$@ order-1', '$@ order-2']);
    expect(read(store, '$streams')).toEqual([
      '$> 0@order-1',
      '$> 0@payment-1',
      '$> 0@order-2',
      '$> 0@nodash',
    ]);
    expect(read(store, '$bc-c1', true)).toEqual([
      'OrderPlaced 0@order-1',
      'OrderConfirmed 1@order-1',
      'PaymentAuthorized 0@payment-1',
    ]);
    expect(read(store, '$ce-nodash')).toEqual([]);
  });

  it('leaves system streams out but indexes metadata of user streams, as KurrentDB does', async () => {
    const { store } = projectedStore();
    await append(store, '$internal-1', event('Hidden', 'c3'));
    await append(store, '$$order-9', event('$metadata'));
    await append(store, 'order-9', event('OrderPlaced', 'c3'));

    expect(read(store, '$ce-$internal')).toEqual([]);
    expect(read(store, '$et-Hidden')).toEqual([]);
    expect(read(store, '$et-$metadata')).toEqual(['$> 0@$$order-9']);
    expect(read(store, '$streams')).toEqual(['$> 0@$$order-9', '$> 0@order-9']);
    expect(read(store, '$bc-c3', true)).toEqual(['OrderPlaced 0@order-9']);
  });

  it('re-links a link written to a user stream into the category, but not by type', async () => {
    const { store } = projectedStore();
    await append(store, 'order-5', event('OrderPlaced'));
    await append(store, 'picked-1', {
      ...event('$>'),
      isJson: false,
      data: Buffer.from('0@order-5'),
    });

    expect(read(store, '$ce-picked', true)).toEqual(['OrderPlaced 0@order-5']);
    expect(read(store, '$et-$>')).toEqual([]);
  });

  it('links a hard-deleted stream into its category and $et-$deleted', async () => {
    const { store } = projectedStore();
    await append(store, 'order-3', event('OrderPlaced'));
    await store.tombstone('order-3', -2);

    expect(read(store, '$ce-order')).toEqual(['$> 0@order-3', '$> 9223372036854775807@order-3']);
    expect(read(store, '$et-$deleted')).toEqual(['$> 9223372036854775807@order-3']);
  });
});

describe('standard projections: disable, enable, reset', () => {
  it('a disabled projection links nothing; enabled again, it catches up in log order', async () => {
    const { store, projections } = projectedStore();
    await append(store, 'order-1', event('OrderPlaced'));
    await projections.disable('$by_category');
    await append(store, 'order-2', event('OrderPlaced'));
    await append(store, 'order-1', event('OrderConfirmed'));

    expect(read(store, '$ce-order')).toEqual(['$> 0@order-1']);
    expect(read(store, '$et-OrderPlaced')).toEqual(['$> 0@order-1', '$> 0@order-2']);
    expect(projections.get('$by_category').enabled).toBe(false);

    await projections.enable('$by_category');
    expect(read(store, '$ce-order')).toEqual(['$> 0@order-1', '$> 0@order-2', '$> 1@order-1']);
  });

  it('a reset walks the log again, in a new epoch, without linking anything twice', async () => {
    const { store, projections } = projectedStore();
    await append(store, 'order-1', event('OrderPlaced'), event('OrderConfirmed'));
    const before = projections.get('$by_category');
    const version = before.version;

    await projections.reset('$by_category');

    expect(read(store, '$ce-order')).toEqual(['$> 0@order-1', '$> 1@order-1']);
    expect(before.version).toBe(version + 1);
    expect(before.epoch).toBe(version);
    expect(before.eventsProcessedAfterRestart).toBe(2);
  });

  it('an updated separator categorises the streams written from then on', async () => {
    const { store, projections } = projectedStore();
    await append(store, 'shop-order-1', event('Placed'));
    await projections.update('$by_category', 'last\n-');
    await append(store, 'shop-order-2', event('Placed'));

    expect(read(store, '$ce-shop')).toEqual(['$> 0@shop-order-1']);
    expect(read(store, '$ce-shop-order')).toEqual(['$> 0@shop-order-2']);
    await expect(projections.update('$by_category', 'middle\n-')).rejects.toThrow(
      'does not accept the source',
    );
    await expect(projections.update('$streams', 'first\n-')).rejects.toThrow(
      'does not accept the source',
    );
  });

  it('$by_correlation_id links by the metadata property its source names', async () => {
    const { store, projections } = projectedStore();
    await projections.update('$by_correlation_id', '{"correlationIdProperty":"traceId"}');
    await append(store, 'order-1', {
      ...event('OrderPlaced', 'c1'),
      metadata: Buffer.from('{"traceId":"t1","$correlationId":"c1"}'),
    });

    expect(read(store, '$bc-t1', true)).toEqual(['OrderPlaced 0@order-1']);
    expect(read(store, '$bc-c1')).toEqual([]);
  });

  it('refuses a projection it does not run', async () => {
    const { projections } = projectedStore();
    await expect(projections.enable('my-projection')).rejects.toThrow(
      "Projection 'my-projection' not found",
    );
  });
});
