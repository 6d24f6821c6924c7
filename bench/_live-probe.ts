import { END, streamNameFilter, type EventStoreDBClient } from '@eventstore/db-client';
import { io } from 'socket.io-client';
import { z } from 'zod';

/** When each `$all` commit position was appended (the store's own `created`), as it happens. */
export const watchAppends = (client: EventStoreDBClient) => {
  const createdAt = new Map<number, number>();
  const subscription = client.subscribeToAll({
    fromPosition: END,
    filter: streamNameFilter({ prefixes: ['order-', 'inventory-', 'payment-', 'fulfilment-'] }),
  });
  subscription.on('data', (resolved) => {
    const event = resolved.event;
    if (event?.position !== undefined)
      createdAt.set(Number(event.position.commit), event.created.getTime());
  });
  subscription.on('error', () => undefined);
  return { createdAt, stop: () => subscription.unsubscribe() };
};

const orderChanged = z.object({
  orderId: z.string(),
  summary: z.object({ status: z.string(), updatedAt: z.string() }),
  position: z.number(),
});

export interface Receipt {
  readonly orderId: string;
  readonly status: string;
  readonly position: number;
  readonly updatedAt: string;
  /** Date.now() when it arrived: the same clock as the store's `created`. */
  readonly at: number;
}

/** An operator's Socket.IO client in the `orders` room, noting every order.changed. */
export const watchOrders = async (url: string, token: string) => {
  const socket = io(url, { path: '/socket.io', transports: ['websocket'], auth: { token } });
  const receipts: Receipt[] = [];
  socket.on('order.changed', (payload: unknown) => {
    const at = Date.now();
    const parsed = orderChanged.parse(payload);
    receipts.push({
      orderId: parsed.orderId,
      position: parsed.position,
      status: parsed.summary.status,
      updatedAt: parsed.summary.updatedAt,
      at,
    });
  });
  const answer: unknown = await socket.timeout(10_000).emitWithAck('join', { room: 'orders' });
  if (!z.object({ ok: z.literal(true) }).safeParse(answer).success)
    throw new Error(`could not join the orders room: ${JSON.stringify(answer)}`);
  return { receipts, close: () => socket.close() };
};

/** Calls `send` `rate` times a second for `durationMs` whatever the answers (an open loop). */
export const openLoop = async (
  rate: number,
  durationMs: number,
  send: (sequence: number) => Promise<void>,
): Promise<{ sent: number; failed: number }> => {
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  let failed = 0;
  while (performance.now() - started < durationMs) {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    for (; sent < due; sent++) {
      const request = send(sent).catch(() => {
        failed++;
      });
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request));
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await Promise.all(inFlight);
  return { sent, failed };
};

/** Round trips of a bare Socket.IO ping with acknowledgement, at `rate` a second. */
export const echoRoundTrips = async (url: string, rate: number, durationMs: number) => {
  const socket = io(url, { path: '/socket.io', transports: ['websocket'] });
  await new Promise((resolve) => {
    socket.once('connect', () => {
      resolve(undefined);
    });
  });
  const samples: number[] = [];
  await openLoop(rate, durationMs, async () => {
    const sentAt = performance.now();
    await socket.timeout(5_000).emitWithAck('echo', sentAt);
    samples.push(performance.now() - sentAt);
  });
  socket.close();
  return samples;
};
