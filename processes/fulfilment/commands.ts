import type { RejectReason } from '../../domain/order/events.ts';
import type { Money } from '../../domain/shared/money.ts';
import { deterministicId } from '../../infra/eventstore/ids.ts';
import type { FulfilmentOutcome } from './events-records.ts';

// What the workflow decides: commands to the Order, Inventory and Payment aggregates, to the
// carrier and payment ports, and the outcome to its own stream. Each names its command id, derived
// from the event that made it necessary (its causation), so deciding it again sends the same
// command, which its receiver treats as done.

type Out<T extends string, D = unknown> = {
  readonly type: T;
  readonly commandId: string;
  /** The event that made the command necessary: `$causationId` of what it leads to. */
  readonly causationId: string;
} & D;

export type FulfilmentCommand =
  | Out<'ReserveStock', { readonly sku: string; readonly quantity: number }>
  | Out<'ReleaseStock', { readonly sku: string }>
  | Out<'CommitStock', { readonly sku: string }>
  | Out<
      'AuthorizePayment',
      { readonly amount: Money; readonly attempt: number; readonly payer: string }
    >
  | Out<'CapturePayment'>
  | Out<'VoidAuthorization'>
  | Out<'RefundPayment', { readonly refundId: string; readonly amount: Money }>
  | Out<'ConfirmOrder'>
  | Out<'RejectOrder', { readonly reason: RejectReason; readonly detail: string }>
  | Out<'CancelOrder', { readonly reason: string }>
  | Out<'Ship', { readonly attempt: number }>
  | Out<'TrackShipment', { readonly trackingId: string }>
  | Out<
      'ReviseDeliveryEstimate',
      { readonly trackingId: string; readonly estimatedDeliveryAt: string }
    >
  | Out<'CompleteFulfilment', { readonly outcome: FulfilmentOutcome }>
  | Out<'ScoreRisk'>;

type Body<T extends FulfilmentCommand['type']> = Omit<
  Extract<FulfilmentCommand, { type: T }>,
  'type' | 'commandId' | 'causationId'
>;

/** Command `type`, caused by `cause`: its id is derived from the cause, the type and `subject`. */
export const command = <T extends FulfilmentCommand['type']>(
  type: T,
  cause: { readonly id: string },
  body: Body<T>,
  ...subject: readonly (string | number)[]
): FulfilmentCommand =>
  ({
    type,
    commandId: deterministicId(cause.id, type, ...subject),
    causationId: cause.id,
    ...body,
  }) as FulfilmentCommand;
