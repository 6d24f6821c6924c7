// Test support only: order, stock and payment histories appended through the real client.
import { randomUUID } from 'node:crypto';
import { domainEvents, type DomainEvent } from '../../../domain/events.ts';
import type { EventStore } from '../../../infra/eventstore/event-store.ts';

const now = '2025-03-01T10:00:00.000Z';
const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** One order's life in the order it happens: it touches its order, a sku and its payment. */
const lifeOf = (orderId: string, sku: string): { stream: string; event: DomainEvent }[] => [
  {
    stream: `order-${orderId}`,
    event: {
      type: 'OrderPlaced',
      data: {
        orderId,
        customerId: 'cust-1',
        lines: [{ sku, name: 'Beans', quantity: 1, unitPrice: eur(1999), lineTotal: eur(1999) }],
        total: eur(1999),
        placedAt: now,
      },
    },
  },
  {
    stream: `inventory-${sku}`,
    event: { type: 'StockReserved', data: { sku, orderId, quantity: 1, reservedAt: now } },
  },
  {
    stream: `payment-${orderId}`,
    event: {
      type: 'PaymentAuthorized',
      data: { orderId, amount: eur(1999), authorizationId: `auth-${orderId}`, authorizedAt: now },
    },
  },
  {
    stream: `order-${orderId}`,
    event: { type: 'OrderConfirmed', data: { orderId, confirmedAt: now } },
  },
  {
    stream: `payment-${orderId}`,
    event: { type: 'PaymentCaptured', data: { orderId, amount: eur(1999), capturedAt: now } },
  },
  {
    stream: `order-${orderId}`,
    event: {
      type: 'OrderShipped',
      data: { orderId, carrier: 'DHL', trackingId: `trk-${orderId}`, shippedAt: now },
    },
  },
];

/** What a test appended, to find it again in Kafka. */
export interface Appended {
  readonly id: string;
  readonly stream: string;
  readonly event: DomainEvent;
  readonly correlationId: string;
}

/**
 * Appends the lives of `count` orders (6 events each) of a run of its own, interleaved the way
 * a busy shop would interleave them, `perStep` appends at once. A few hot skus take many
 * reservations, as in a flash sale.
 */
export const appendOrders = async (
  store: EventStore,
  run: string,
  count: number,
  { perStep = 8, pauseMs = 0, firstOrder = 0 } = {},
): Promise<Appended[]> => {
  const lives = Array.from({ length: count }, (_, index) => {
    const orderId = `${run}-${firstOrder + index}`;
    return lifeOf(orderId, `${run}-SKU-${(firstOrder + index) % 4}`).map((step) => ({
      ...step,
      orderId,
    }));
  });
  // Step by step over all orders: events of many streams alternate in $all.
  const stepsPerLife = lives[0]?.length ?? 0;
  const flat = Array.from({ length: stepsPerLife }, (_, step) =>
    lives.flatMap((life) => life[step] ?? []),
  ).flat();
  const appended: Appended[] = [];
  for (let start = 0; start < flat.length; start += perStep) {
    const slice = flat.slice(start, start + perStep);
    // One stream's steps go one after another, so its revisions follow the life's order.
    const byStream = Map.groupBy(slice, (step) => step.stream);
    await Promise.all(
      [...byStream.values()].map(async (ofStream) => {
        for (const step of ofStream) {
          const id = randomUUID();
          const metadata = {
            $correlationId: step.orderId,
            $causationId: id,
            actor: 'test',
            occurredAt: now,
          };
          await store.append(
            step.stream,
            [{ event: step.event, metadata, id }],
            domainEvents,
            'any',
          );
          appended.push({
            id,
            stream: step.stream,
            event: step.event,
            correlationId: step.orderId,
          });
        }
      }),
    );
    if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return appended;
};

/**
 * Appends orders (`perRound` at a time, `pauseMs` apart) until `until` aborts, so that a test's
 * fault surely happens while events keep coming, however slow the machine. `appended` grows as
 * it goes; `done` settles after the last round.
 */
export const appendUntil = (
  store: EventStore,
  run: string,
  until: AbortSignal,
  { perRound = 4, pauseMs = 20 } = {},
): { appended: Appended[]; done: Promise<void> } => {
  const appended: Appended[] = [];
  const done = (async () => {
    for (let round = 0; !until.aborted; round++) {
      const firstOrder = round * perRound;
      appended.push(...(await appendOrders(store, run, perRound, { perStep: 4, firstOrder })));
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  })();
  return { appended, done };
};
