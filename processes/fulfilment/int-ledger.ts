// Test support only: what must hold of the ledger once every saga of a test has completed.
import { expect } from 'vitest';
import type { OrderStatus } from '../../domain/order/state.ts';
import type { SagaWorld } from './int-support.ts';

export type PlacedOrder = {
  readonly orderId: string;
  readonly lines: readonly { sku: string; quantity: number; unitPrice: number }[];
};

const terminal: readonly OrderStatus[] = ['delivered', 'cancelled', 'rejected'];

/** Waits until every order is terminal and its saga completed; returns the orders' statuses. */
export const settledStatuses = async (world: SagaWorld, orders: readonly PlacedOrder[]) => {
  const statuses = new Map<string, OrderStatus>();
  const running = world.latest();
  const unsettled = async () => {
    const open: string[] = [];
    for (const { orderId } of orders) {
      if (statuses.has(orderId)) continue;
      const order = await world.order(orderId);
      const stage = (await running.inspect(orderId)).stage;
      if (order.status !== 'none' && terminal.includes(order.status) && stage === 'completed') {
        statuses.set(orderId, order.status);
      } else open.push(`${orderId}: ${order.status}/${stage}`);
    }
    return open;
  };
  const deadline = Date.now() + 90_000;
  let open = await unsettled();
  while (open.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    open = await unsettled();
  }
  expect(open, 'orders still in flight').toEqual([]);
  return statuses;
};

/**
 * Stock ends at start + restocks − shipped with nothing reserved; every charge and refund
 * happened once at the provider; one parcel per delivered order and none for the others.
 */
export const expectBalancedLedger = async (
  world: SagaWorld,
  orders: readonly PlacedOrder[],
  statuses: ReadonlyMap<string, OrderStatus>,
  restocked: ReadonlyMap<string, number>,
) => {
  const shipped = new Map<string, number>();
  let captures = 0;
  let refunds = 0;
  for (const { orderId, lines } of orders) {
    const status = statuses.get(orderId);
    const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
    const account = world.provider.account(orderId);
    if (account !== undefined && account.captured > 0) captures += 1;
    if (account !== undefined && account.refunded > 0) refunds += 1;
    if (status === 'delivered') {
      for (const { sku, quantity } of lines) shipped.set(sku, (shipped.get(sku) ?? 0) + quantity);
      expect(account, orderId).toMatchObject({ status: 'captured', captured: total, refunded: 0 });
      expect(world.carrier.shipmentsOf(orderId), orderId).toBe(1);
    } else {
      expect(world.carrier.shipmentsOf(orderId), orderId).toBe(0);
      // Whatever was captured of a closed order went back.
      expect(account?.refunded ?? 0, orderId).toBe(account?.captured ?? 0);
      expect(account?.status, orderId).not.toBe('authorized');
    }
    if (status === 'rejected') expect(account?.captured ?? 0, orderId).toBe(0);
  }
  for (const [sku, quantity] of restocked) {
    const stock = await world.stock(sku);
    expect({ sku, onHand: stock.onHand, reserved: stock.reserved }).toEqual({
      sku,
      onHand: quantity - (shipped.get(sku) ?? 0),
      reserved: 0,
    });
  }
  const counts = world.provider.counts();
  expect({ captures: counts.captures, refunds: counts.refunds }).toEqual({ captures, refunds });
  const carrier = world.carrier.counts();
  const delivered = [...statuses.values()].filter((status) => status === 'delivered').length;
  expect(carrier.shipments - carrier.recalls).toBe(delivered);
};
