import { z } from 'zod';
import { idParam } from '../schemas.ts';

/** A room a client may ask to join: every order (operators), one order, the admins', or ops. */
export type Room =
  | { readonly kind: 'orders' }
  | { readonly kind: 'admin' }
  | { readonly kind: 'ops' }
  | { readonly kind: 'order'; readonly orderId: string };

export const ordersRoom = 'orders';
export const adminRoom = 'admin';
/** The System health page's: operators and admins. */
export const opsRoom = 'ops';
export const orderRoom = (orderId: string): string => `order:${orderId}`;

const orderRoomName = /^order:(.+)$/;

/** `orders`, `admin`, `ops` or `order:<id>` (an id as the HTTP routes accept it); else undefined. */
export const parseRoom = (name: string): Room | undefined => {
  if (name === ordersRoom) return { kind: 'orders' };
  if (name === adminRoom) return { kind: 'admin' };
  if (name === opsRoom) return { kind: 'ops' };
  const orderId = orderRoomName.exec(name)?.[1];
  return orderId !== undefined && idParam.safeParse(orderId).success
    ? { kind: 'order', orderId }
    : undefined;
};

// What clients send, checked like any HTTP body: unknown keys are refused.
export const roomMessage = z.strictObject({ room: z.string().min(1).max(200) });

/** `since`: a `$all` commit position, as a number or (what browsers keep exact) a decimal string. */
export const sinceMessage = z.strictObject({
  position: z.union([
    z.number().int().nonnegative(),
    z
      .string()
      .regex(/^\d{1,16}$/)
      .transform(Number),
  ]),
});

export type Ack =
  | { readonly ok: true; readonly replayed?: number }
  | { readonly ok: false; readonly error: string };

/** The acknowledgement callback a client may pass as the last argument; absent when it did not. */
export const ackOf = (args: readonly unknown[]): ((answer: Ack) => void) => {
  const last = args.at(-1);
  return typeof last === 'function'
    ? (answer) => {
        (last as (answer: Ack) => void)(answer);
      }
    : () => undefined;
};

/** Server → client event names (README, "Live updates"). */
export const liveEvents = {
  orderChanged: 'order.changed',
  timelineAppended: 'timeline.appended',
  inventoryChanged: 'inventory.changed',
  statsChanged: 'stats.changed',
  projectionProgress: 'projection.progress',
  healthChanged: 'health.changed',
} as const;
export type LiveEventName = (typeof liveEvents)[keyof typeof liveEvents];
