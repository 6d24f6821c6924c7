// Test support only: what must hold of the whole system once its orders are terminal, computed
// from the event streams alone. The simulated payment provider and carrier keep their books in
// the memory of the processes that ran them, which a killed process takes with it; the streams
// are what survives, and what an auditor would check.
import { setTimeout as sleep } from 'node:timers/promises';
import { FORWARDS, START, type EventStoreDBClient, type Position } from '@eventstore/db-client';
import { expect } from 'vitest';
import { domainEvents, type DomainEvent } from '../../domain/events.ts';
import {
  inventoryEvents,
  isOrderStockEvent,
  type InventoryEvent,
} from '../../domain/inventory/events.ts';
import { evolve, initialState, stockLevel } from '../../domain/inventory/state.ts';
import { decodeResolved, type RecordedDomainEvent } from '../../infra/eventstore/recorded.ts';
import { defaultTopics } from '../../infra/kafka/topics.ts';
import {
  expectExactlyOnceInOrder,
  readCommitted,
  testKafka,
} from '../../processes/kafka-bridge/testing/kafka.ts';

type Recorded = RecordedDomainEvent<DomainEvent>;

/** The streams the Kafka bridge publishes; `fulfilment-` streams are the saga's own state. */
const bridged = ['order-', 'inventory-', 'payment-'];
const terminal = new Set(['delivered', 'cancelled', 'rejected']);
const statusAfter: Readonly<Record<string, string>> = {
  OrderPlaced: 'placed',
  OrderConfirmed: 'confirmed',
  OrderShipped: 'shipped',
  OrderDelivered: 'delivered',
  OrderCancelled: 'cancelled',
  OrderRejected: 'rejected',
};

export interface Ledger {
  /** Every event of the order, inventory and payment streams, by stream, in revision order. */
  readonly streams: ReadonlyMap<string, readonly Recorded[]>;
  /** Orders whose saga recorded FulfilmentCompleted. */
  readonly completed: ReadonlySet<string>;
}

/** Reads `$all` from where it stopped the last time, so polling a busy store stays cheap. */
export const ledgerReader = (client: EventStoreDBClient) => {
  const streams = new Map<string, Recorded[]>();
  const completed = new Set<string>();
  let from: Position | typeof START = START;
  return {
    async refresh(): Promise<Ledger> {
      const seen = from === START ? undefined : from;
      for await (const resolved of client.readAll({ fromPosition: from, direction: FORWARDS })) {
        const event = resolved.event;
        if (event?.position === undefined) continue;
        // Reading from a position starts with the event at that position, read last time.
        if (seen?.commit === event.position.commit && seen.prepare === event.position.prepare)
          continue;
        from = event.position;
        if (event.streamId.startsWith('fulfilment-') && event.type === 'FulfilmentCompleted') {
          completed.add(event.streamId.slice('fulfilment-'.length));
        } else if (bridged.some((prefix) => event.streamId.startsWith(prefix))) {
          const decoded = decodeResolved(resolved, domainEvents);
          const ofStream = streams.get(decoded.stream) ?? [];
          ofStream.push(decoded);
          streams.set(decoded.stream, ofStream);
        }
      }
      return { streams, completed };
    },
  };
};

const isInventoryEvent = (event: DomainEvent): event is InventoryEvent =>
  inventoryEvents.handles(event.type);

const eventsOf = (ledger: Ledger, stream: string): readonly Recorded[] =>
  ledger.streams.get(stream) ?? [];

/** The order's status after its last event ('none' before it is placed). */
export const orderStatus = (ledger: Ledger, orderId: string): string =>
  statusAfter[eventsOf(ledger, `order-${orderId}`).at(-1)?.event.type ?? ''] ?? 'none';

/** Orders not yet terminal with their saga completed, described for a failure message. */
export const openOrders = (ledger: Ledger, orderIds: readonly string[]): string[] =>
  orderIds.flatMap((orderId) => {
    const status = orderStatus(ledger, orderId);
    const saga = ledger.completed.has(orderId) ? 'completed' : 'running';
    return terminal.has(status) && saga === 'completed' ? [] : [`${orderId}: ${status}/${saga}`];
  });

/**
 * Polls the streams until every order is terminal and its saga completed; fails after
 * `timeoutMs`, with what `explain` says (e.g. the saga's refused dispatches) in the message.
 */
export const settledLedger = async (
  reader: ReturnType<typeof ledgerReader>,
  orderIds: readonly string[],
  { timeoutMs = 90_000, explain = () => Promise.resolve('') } = {},
): Promise<Ledger> => {
  const deadline = Date.now() + timeoutMs;
  let ledger = await reader.refresh();
  while (openOrders(ledger, orderIds).length > 0 && Date.now() < deadline) {
    await sleep(500);
    ledger = await reader.refresh();
  }
  const open = openOrders(ledger, orderIds);
  if (open.length > 0) {
    const why = await explain();
    expect(open.slice(0, 20), `${open.length} orders still in flight; ${why}`).toEqual([]);
  }
  return ledger;
};

const count = (events: readonly Recorded[], type: string) =>
  events.filter(({ event }) => event.type === type).length;

/** What the payment stream of a terminal order must show; problems are pushed to `problems`. */
const checkPayment = (ledger: Ledger, orderId: string, status: string, total: number) => {
  const problems: string[] = [];
  const events = eventsOf(ledger, `payment-${orderId}`);
  let captured = 0;
  let refunded = 0;
  const refundIds = new Set<string>();
  for (const { event } of events) {
    if (event.type === 'PaymentCaptured') captured += event.data.amount.amount;
    if (event.type === 'PaymentRefunded') {
      refunded += event.data.amount.amount;
      if (refundIds.has(event.data.refundId)) problems.push(`refund ${event.data.refundId} twice`);
      refundIds.add(event.data.refundId);
    }
  }
  const charges = count(events, 'PaymentCaptured');
  if (charges > 1) problems.push(`${charges} captures`);
  if (refunded > captured) problems.push(`refunded ${refunded} of ${captured} captured`);
  if (status === 'delivered' && (captured !== total || refunded !== 0))
    problems.push(`delivered with ${captured} captured of ${total}, ${refunded} refunded`);
  if (status !== 'delivered' && refunded !== captured)
    problems.push(`${status} with ${captured} captured and ${refunded} refunded`);
  if (status === 'rejected' && captured > 0) problems.push(`rejected yet charged ${captured}`);
  const held = count(events, 'PaymentAuthorized') > 0 && charges === 0;
  if (status !== 'delivered' && held && count(events, 'AuthorizationVoided') === 0)
    problems.push(`${status} with its authorization neither captured nor voided`);
  return problems.map((problem) => `${orderId}: ${problem}`);
};

/** The reservations of each (order, sku) in one sku's stream: one at a time, committed once. */
const checkReservations = (sku: string, events: readonly InventoryEvent[]) => {
  const problems: string[] = [];
  const held = new Map<string, boolean>();
  const commits = new Map<string, number>();
  for (const event of events) {
    if (!isOrderStockEvent(event) || event.type === 'StockReservationRejected') continue;
    const { orderId } = event.data;
    const holding = held.get(orderId) ?? false;
    if (event.type === 'StockReserved' && holding)
      problems.push(`${orderId}/${sku}: reserved twice`);
    if (event.type !== 'StockReserved' && !holding)
      problems.push(`${orderId}/${sku}: ${event.type} without a reservation`);
    if (event.type === 'StockCommitted') commits.set(orderId, (commits.get(orderId) ?? 0) + 1);
    held.set(orderId, event.type === 'StockReserved');
  }
  for (const [orderId, times] of commits)
    if (times > 1) problems.push(`${orderId}/${sku}: committed ${times} times`);
  return problems;
};

/**
 * Every order terminal: charged at most once and fully refunded unless delivered, shipped at
 * most once and only if delivered; each (order, sku) reserved at most once at a time; and per
 * sku, stock never oversold, on hand = restocked − shipped, nothing left reserved.
 */
export const expectBalancedLedger = (
  ledger: Ledger,
  orderIds: readonly string[],
  restocked: ReadonlyMap<string, number>,
): void => {
  const problems: string[] = [];
  const shipped = new Map<string, number>();
  for (const orderId of orderIds) {
    const events = eventsOf(ledger, `order-${orderId}`);
    const placed = events[0]?.event;
    if (placed?.type !== 'OrderPlaced') {
      problems.push(`${orderId}: no OrderPlaced`);
      continue;
    }
    const status = orderStatus(ledger, orderId);
    const shipments = count(events, 'OrderShipped');
    if (shipments !== (status === 'delivered' ? 1 : 0))
      problems.push(`${orderId}: ${status} with ${shipments} shipments`);
    if (status === 'delivered')
      for (const { sku, quantity } of placed.data.lines)
        shipped.set(sku, (shipped.get(sku) ?? 0) + quantity);
    problems.push(...checkPayment(ledger, orderId, status, placed.data.total.amount));
  }
  for (const [sku, quantity] of restocked) {
    const events = eventsOf(ledger, `inventory-${sku}`)
      .map(({ event }) => event)
      .filter(isInventoryEvent);
    problems.push(...checkReservations(sku, events));
    let state = initialState;
    for (const event of events) {
      state = evolve(state, event);
      if (stockLevel(sku, state).available < 0) problems.push(`${sku}: oversold`);
    }
    const { onHand, reserved } = stockLevel(sku, state);
    const expected = { onHand: quantity - (shipped.get(sku) ?? 0), reserved: 0 };
    if (onHand !== expected.onHand || reserved !== expected.reserved)
      problems.push(
        `${sku}: ${JSON.stringify({ onHand, reserved })}, expected ${JSON.stringify(expected)}`,
      );
  }
  expect(problems).toEqual([]);
};

/**
 * Kafka holds every event of the order, inventory and payment streams exactly once (by its
 * `event-id` header), each stream's on one partition in revision order.
 */
export const expectKafkaHoldsLedger = async (
  brokers: string,
  ledger: Ledger,
  timeoutMs = 90_000,
): Promise<void> => {
  const ids = [...ledger.streams.values()].flat().map(({ id }) => id);
  const topics = [defaultTopics.orders, defaultTopics.inventory, defaultTopics.payments];
  const records = await readCommitted(
    testKafka(brokers),
    topics,
    (read) => {
      const got = new Set(read.map((record) => record.headers['event-id']));
      return ids.every((id) => got.has(id));
    },
    { timeoutMs, settleMs: 2_000 },
  );
  expectExactlyOnceInOrder(records, ids);
};
