import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderEvents, orderStream } from '../domain/index.ts';
import { serverUrl } from '../infra/test-servers/use-server.ts';
import {
  createWorld,
  customerOf,
  eventually,
  type SagaWorld,
} from '../processes/fulfilment/int-support.ts';
import { addBusinessDays } from '../processes/ports/simulated-carrier-estimate.ts';
import { systemClock } from '../processes/ports/clock.ts';
import { startTestApi, type TestApi } from './testing/test-api.ts';

// The carrier revising its estimate, end to end: the saga runs here on its own stream prefix
// against the harness's event store, the simulated carrier delays every order whose id contains
// `carrier-delay`, and the API shows the order and its timeline as a customer reads them.

// The first delivery check comes this long after shipping; a delayed parcel is delivered two or
// three times as late, so the first check finds it in transit with the new date.
const carrierDelayMs = 2_000;

let world: SagaWorld;
let api: TestApi;
beforeAll(async () => {
  world = createWorld(serverUrl('eventstore'), systemClock, carrierDelayMs);
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
  await world.close();
});

type OrderBody = {
  status: string;
  shipment?: { estimatedDeliveryAt?: string; previousEstimatedDeliveryAt?: string | null };
};
type TimelineBody = { entries: { type: string; summary: string }[] };

describe('a parcel the carrier delays', () => {
  it('given an order the carrier delays, when it is tracked again and again, then one revision is recorded and the customer sees the new date and the change', async () => {
    const sku = world.sku('DELAY');
    const orderId = world.orderId('carrier-delay-api');
    const customer = customerOf(orderId).id;
    await world.restock(sku, 3);
    world.start({ deliveryDelayMs: carrierDelayMs });
    await world.place(orderId, [{ sku, quantity: 1, unitPrice: 1500 }]);

    // Delivered in the end: checked every 50 ms while in transit, each check telling the new date.
    await eventually(
      async () => (await world.order(orderId)).status === 'delivered',
      async () => JSON.stringify(await world.order(orderId)),
    );
    const events = (await world.store.readStream(orderStream(orderId), orderEvents)).events.map(
      (recorded) => recorded.event,
    );
    expect(events.map((event) => event.type)).toEqual([
      'OrderPlaced',
      'OrderConfirmed',
      'OrderShipped',
      'OrderDeliveryEstimateRevised',
      'OrderDelivered',
    ]);
    const [shipped, revised] = [events[2], events[3]];
    if (shipped?.type !== 'OrderShipped' || revised?.type !== 'OrderDeliveryEstimateRevised')
      throw new Error('expected the parcel shipped, then its estimate revised');
    const promised = shipped.data.estimatedDeliveryAt ?? '';
    const laterBy = [1, 2].map((days) => addBusinessDays(new Date(promised), days).toISOString());
    expect(revised.data.previousEstimatedDeliveryAt).toBe(promised);
    expect(laterBy).toContain(revised.data.estimatedDeliveryAt);

    // The customer's order shows the latest estimate and the one it replaced.
    const token = await api.token(customer, 'customer');
    const order = (await (
      await api.request(`/api/orders/${orderId}`, { token })
    ).json()) as OrderBody;
    expect(order.status).toBe('delivered');
    expect(order.shipment).toMatchObject({
      estimatedDeliveryAt: revised.data.estimatedDeliveryAt,
      previousEstimatedDeliveryAt: promised,
    });

    // Their timeline says the delivery date changed, from what to what.
    const day = (iso: string) => iso.slice(0, 10);
    const change = `Delivery date changed: now ${day(revised.data.estimatedDeliveryAt)} (was ${day(promised)})`;
    let timeline: TimelineBody = { entries: [] };
    await eventually(
      async () => {
        const response = await api.request(`/api/orders/${orderId}/timeline`, { token });
        timeline = (await response.json()) as TimelineBody;
        return timeline.entries.some((entry) => entry.type === 'OrderDelivered');
      },
      () => Promise.resolve(JSON.stringify(timeline)),
    );
    expect(
      timeline.entries.filter((entry) => entry.type === 'OrderDeliveryEstimateRevised'),
    ).toEqual([expect.objectContaining({ summary: change })]);
  }, 60_000);
});
