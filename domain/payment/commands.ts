import { z } from 'zod';
import type { Command } from '../shared/command.ts';
import { moneySchema } from '../shared/money.ts';
import type { AuthorizationAnswer } from './provider.ts';

/** The provider's answer, checked at the edge where an adapter receives it. */
export const authorizationAnswerSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('authorized'), authorizationId: z.string().min(1) }),
  z.object({ outcome: z.literal('declined'), reason: z.string().min(1) }),
]) satisfies z.ZodType<AuthorizationAnswer>;

export const authorizePaymentDataSchema = z.object({
  orderId: z.string().min(1),
  amount: moneySchema,
  answer: authorizationAnswerSchema,
});
export const capturePaymentDataSchema = z.object({ orderId: z.string().min(1) });
export const voidAuthorizationDataSchema = z.object({ orderId: z.string().min(1) });
export const refundPaymentDataSchema = z.object({
  orderId: z.string().min(1),
  refundId: z.string().min(1),
  amount: moneySchema,
});

export type AuthorizePayment = Command<
  'AuthorizePayment',
  z.infer<typeof authorizePaymentDataSchema>
>;
export type CapturePayment = Command<'CapturePayment', z.infer<typeof capturePaymentDataSchema>>;
export type VoidAuthorization = Command<
  'VoidAuthorization',
  z.infer<typeof voidAuthorizationDataSchema>
>;
export type RefundPayment = Command<'RefundPayment', z.infer<typeof refundPaymentDataSchema>>;
export type PaymentCommand = AuthorizePayment | CapturePayment | VoidAuthorization | RefundPayment;
