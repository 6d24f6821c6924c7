import { AsyncLocalStorage } from 'node:async_hooks';

/** What the log lines written while handling something say about the order it concerns. */
export interface LogContext {
  orderId?: string | undefined;
  correlationId?: string | undefined;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `fields` as the log context of everything it does (until a nested one). */
export const withLogContext = <T>(fields: LogContext, fn: () => T): T => storage.run(fields, fn);

/** The log context in force, if any (read by the logger's mixin). */
export const currentLogContext = (): LogContext | undefined => storage.getStore();

/**
 * Tells the log context in force which order is being handled, where it does not know yet: a
 * request that places an order learns its id only when the command names the stream.
 */
export const noteOrder = (stream: string, correlationId: string): void => {
  const fields = storage.getStore();
  if (fields === undefined) return;
  fields.orderId ??= orderIdOf(stream, correlationId);
  fields.correlationId ??= correlationId;
};

const orderStreams = /^(?:order|payment|fulfilment)-(.+)$/;
// Correlation ids that are not an order's (a restock's), and so name no order.
const notAnOrder = /^restock-/;

/**
 * The order a stream or correlation id is about: the id of an `order-`, `payment-` or
 * `fulfilment-` stream, else the correlation id, which for everything an order's saga causes (an
 * `inventory-` stream's reservation, say) is the order id.
 */
export const orderIdOf = (stream: string, correlationId: string | undefined): string | undefined =>
  orderStreams.exec(stream)?.[1] ??
  (correlationId === undefined || notAnOrder.test(correlationId) ? undefined : correlationId);
