import { getEventStoreDBEventStore } from '@event-driven-io/emmett-esdb';
import { EventStoreDBClient } from '@eventstore/db-client';
import { afterAll, describe, expect, it } from 'vitest';
import { serverUrl } from '../../../infra/test-servers/use-server.ts';
import { readState } from './handlers.ts';
import { orderIdOf, skuOf } from './load.ts';
import { runEmmettPeer } from './run.ts';

const connectionString = serverUrl('eventstore');
const client = EventStoreDBClient.connectionString(connectionString);
afterAll(() => client.dispose());

describe('the placed-to-confirmed flow written with Emmett (the bench peer)', () => {
  it('given three skus stocked for every order, when 50 orders are placed, then all 50 are confirmed and each sku holds one unit per order', async () => {
    const orders = 50;
    const skus = 3;

    const result = await runEmmettPeer({
      connectionString,
      rate: 50,
      durationSeconds: 1,
      orders,
      skus,
      drainMs: 12_000,
    });

    expect(result).toMatchObject({ offered: orders, placed: orders, confirmed: orders });
    expect(result).toMatchObject({ rejected: 0, failures: 0 });
    const store = getEventStoreDBEventStore(client);
    const statuses = await Promise.all(
      Array.from({ length: orders }, async (_, n) => {
        const { state } = await readState.order(store, orderIdOf(result.runId, n));
        return state.status;
      }),
    );
    expect(statuses).toEqual(Array.from({ length: orders }, () => 'confirmed'));
    for (let s = 0; s < skus; s++) {
      const sku = skuOf(result.runId, s, skus);
      const ordersForSku = Array.from({ length: orders }, (_, n) => n).filter(
        (n) => skuOf(result.runId, n, skus) === sku,
      );
      const { state } = await readState.inventory(store, sku);
      expect({ onHand: state.onHand, reserved: state.reserved }).toEqual({
        onHand: orders,
        reserved: ordersForSku.length,
      });
      expect([...state.decided].sort()).toEqual(
        ordersForSku.map((n) => orderIdOf(result.runId, n)).sort(),
      );
    }
  });
});
