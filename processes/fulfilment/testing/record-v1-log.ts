// Recorded once, with the saga as it was before it became a workflow (the "v1" saga, which kept
// everything it observed and decided in `fulfilment-{orderId}`), and kept as a fixture: five orders
// stopped at different points of their fulfilment. The upgrade test replays this log into a fresh
// store and lets today's saga finish them.
//   node processes/fulfilment/testing/record-v1-log.ts   (only with the v1 saga checked out)
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { FORWARDS, START } from '@eventstore/db-client';
import type { PaymentProvider } from '../../../domain/payment/provider.ts';
import { inventoryStream, orderStream } from '../../../domain/streams.ts';
import { connectEventStore } from '../../../infra/eventstore/event-store.ts';
import { silentLogger } from '../../../infra/logger.ts';
import { createMetrics } from '../../../infra/metrics.ts';
import { startPrivateEventStore } from '../../../infra/test-servers/eventstore.ts';
import { createAggregates } from '../../aggregates.ts';
import type { Carrier } from '../../ports/carrier.ts';
import { systemClock } from '../../ports/clock.ts';
import { createSimulatedCarrier } from '../../ports/simulated-carrier.ts';
import { createSimulatedPaymentProvider } from '../../ports/simulated-payment-provider.ts';
import { startFulfilment } from '../index.ts';

const hour = 3_600_000;
const sku = 'v1-BEANS';
/** Each order and the saga event that shows it reached the point it is recorded at. */
const orders = {
  'v1-awaiting-payment': 'PaymentAuthorizationRequested',
  'v1-confirmed': 'ShipmentFailed',
  'v1-shipped': 'DeliveryPending',
  'v1-declined': 'PaymentAuthorizationDeclined',
  'v1-delivered': 'FulfilmentCompleted',
} as const;

const server = await startPrivateEventStore();
const store = connectEventStore(server.url);
const logger = silentLogger();
const metrics = createMetrics({ defaultMetrics: false });
const aggregates = createAggregates({ store, logger, metrics });
const stop = new AbortController();

// The provider never answers for the order left awaiting payment (until the saga stops).
const simulatedProvider = createSimulatedPaymentProvider();
const provider: PaymentProvider = {
  ...simulatedProvider,
  authorize: (request) =>
    request.orderId === 'v1-awaiting-payment'
      ? new Promise((_resolve, reject) => {
          stop.signal.addEventListener('abort', () => {
            reject(new Error('the recording stopped'));
          });
        })
      : simulatedProvider.authorize(request),
};
// The carrier refuses the confirmed order's parcel and keeps the shipped one in transit.
const simulatedCarrier = createSimulatedCarrier({ clock: systemClock, deliveryDelayMs: 0 });
const trackingOf = new Map<string, string>();
const carrier: Carrier = {
  ship: async (request) => {
    if (request.orderId === 'v1-confirmed')
      return { outcome: 'refused', reason: 'address_unreachable' };
    const answer = await simulatedCarrier.ship(request);
    if (answer.outcome === 'accepted') trackingOf.set(answer.trackingId, request.orderId);
    return answer;
  },
  track: async (trackingId) =>
    trackingOf.get(trackingId) === 'v1-shipped'
      ? { status: 'in_transit' }
      : simulatedCarrier.track(trackingId),
  recall: (trackingId) => simulatedCarrier.recall(trackingId),
};

const running = startFulfilment({
  store,
  aggregates,
  provider,
  carrier,
  clock: systemClock,
  config: {
    reservationTimeoutMs: hour,
    paymentDeclineGraceMs: hour,
    shippingMaxAttempts: 3,
    deliveryDelayMs: 0,
    shippingRetryBaseMs: hour,
    deliveryRecheckMs: hour,
    timerIntervalMs: 25,
    idPrefix: 'v1-',
  },
  logger,
  metrics,
  signal: stop.signal,
});

const context = (correlationId: string, actor: string) => ({
  commandId: randomUUID(),
  correlationId,
  causationId: `record-${randomUUID()}`,
  actor,
  now: new Date(),
});
const operator = { id: 'op-1', roles: ['operator' as const] };
await aggregates.inventory.handle(
  inventoryStream(sku),
  { type: 'Restock', data: { sku, quantity: 100 }, metadata: { now: new Date(), actor: operator } },
  context(`restock-${sku}`, operator.id),
);
for (const orderId of Object.keys(orders)) {
  const customer = orderId === 'v1-declined' ? 'declined-v1' : `cust-${orderId}`;
  const actor = { id: customer, roles: ['customer' as const] };
  const lines = [{ sku, name: 'Beans', quantity: 2, unitPrice: { amount: 1500, currency: 'EUR' } }];
  await aggregates.orders.handle(
    orderStream(orderId),
    {
      type: 'PlaceOrder',
      data: { orderId, customerId: customer, lines },
      metadata: { now: new Date(), actor },
    },
    context(orderId, customer),
  );
}

const reached = async (orderId: string, type: string): Promise<boolean> => {
  try {
    for await (const resolved of store.client.readStream(`fulfilment-${orderId}`)) {
      if (resolved.event?.type === type) return true;
    }
  } catch {
    return false;
  }
  return false;
};
const deadline = Date.now() + 60_000;
for (const [orderId, type] of Object.entries(orders)) {
  while (!(await reached(orderId, type))) {
    if (Date.now() > deadline) throw new Error(`${orderId} never reached ${type}`);
    await sleep(100);
  }
}
// What the last inputs lead to is appended before the saga stops.
await sleep(1000);
stop.abort();
await running.done;

const log: unknown[] = [];
for await (const resolved of store.client.readAll({ fromPosition: START, direction: FORWARDS })) {
  const event = resolved.event;
  if (event === undefined || event.streamId.startsWith('$') || !event.isJson) continue;
  const { id, streamId: stream, revision, type, data, metadata } = event;
  log.push({ id, stream, revision: Number(revision), type, data, metadata });
}
const file = new URL('./v1-saga-log.json', import.meta.url);
await writeFile(file, `${JSON.stringify(log, null, 1)}\n`);
console.log(`${log.length} events written to ${file.pathname}`);
await store.close();
await server.stop();
