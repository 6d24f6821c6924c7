import { describe, expect, it } from 'vitest';
import { sealedShipToFixture } from '../../infra/pii/testing/sealed-ship-to.ts';
import { erased, type Opener } from '../../infra/pii/vault.ts';
import { openShipTos, shownOrder } from './ship-to.ts';

const { address, shipTo, openSealed } = sealedShipToFixture();
const opener: Opener = { open: openSealed, erased: false };
const erasedOpener: Opener = { open: () => erased, erased: true };
const order = { orderId: 'ord-1', customerId: 'cust-1', status: 'placed', shipTo };

describe('an order’s ship-to as a reader sees it', () => {
  it('given the customer’s key, then the address is opened and nothing else changes', async () => {
    expect(await shownOrder(order, () => Promise.resolve(opener))).toEqual({
      ...order,
      shipTo: { addressId: 'addr-1', address },
    });
  });

  it('given an erased customer, then the address reads { erased: true }', async () => {
    const shown = await shownOrder(order, () => Promise.resolve(erasedOpener));
    expect(shown.shipTo).toEqual({ addressId: 'addr-1', address: { erased: true } });
  });

  it('given no key store, then the envelope is left out rather than shown', async () => {
    expect(await shownOrder(order, undefined)).not.toHaveProperty('shipTo');
  });

  it('opens every ship-to in a history entry (its data and the state after it), and only those', () => {
    const entry = {
      data: { orderId: 'ord-1', shipTo },
      stateAfter: { order: { status: 'placed', shipTo }, lines: [{ sku: 'SKU-1' }] },
      note: { shipTo: 'not an envelope' },
    };
    expect(openShipTos(entry, opener)).toEqual({
      data: { orderId: 'ord-1', shipTo: { addressId: 'addr-1', address } },
      stateAfter: {
        order: { status: 'placed', shipTo: { addressId: 'addr-1', address } },
        lines: [{ sku: 'SKU-1' }],
      },
      note: { shipTo: 'not an envelope' },
    });
    expect(openShipTos(entry, undefined)).toEqual(entry);
  });
});
