import { authorizationAnswerSchema } from '../../domain/payment/commands.ts';
import type { PaymentCommand } from '../../domain/payment/commands.ts';
import type { PaymentProvider } from '../../domain/payment/provider.ts';
import { authorizationIdempotencyKey, needsAuthorization } from '../../domain/payment/state.ts';
import type { Money } from '../../domain/shared/money.ts';
import { orderStream, paymentStream } from '../../domain/streams.ts';
import type { Aggregates } from '../aggregates.ts';
import { contextOf, metadataOf } from './saga-handler.ts';
import type { Cause, Unsent } from './saga-handler.ts';

export type DispatchOutcome = 'sent' | 'skipped';

// The provider is asked first, then the payment aggregate records its answer. Each call is keyed so
// a retry after a crash between the two asks nothing new of the provider; and the payment's
// state is read first, so a decision already carried out never reaches the provider again.

export const createPaymentDispatch = (deps: {
  aggregates: Aggregates;
  provider: PaymentProvider;
}) => {
  const { payments } = deps.aggregates;
  const { provider } = deps;
  const record = async (cause: Cause, command: Unsent<PaymentCommand>) => {
    const sent: PaymentCommand = { ...command, metadata: metadataOf(cause) };
    await payments.handle(paymentStream(cause.orderId), sent, contextOf(cause));
  };
  const load = async (orderId: string) => (await payments.load(paymentStream(orderId))).state;
  const payerOf = async (orderId: string): Promise<string> => {
    const { state } = await deps.aggregates.orders.load(orderStream(orderId));
    return state.status === 'none' ? orderId : state.customerId;
  };

  return {
    authorize: async (cause: Cause, amount: Money, attempt: number): Promise<DispatchOutcome> => {
      const { orderId } = cause;
      const payment = await load(orderId);
      const declines = payment.status === 'declined' ? payment.declines : 0;
      // Attempt n is answered once n - 1 declines are behind it: a later state means it was.
      if (!needsAuthorization(payment) || declines !== attempt - 1) return 'skipped';
      const idempotencyKey = authorizationIdempotencyKey(orderId, payment);
      const payer = await payerOf(orderId);
      const answer = authorizationAnswerSchema.parse(
        await provider.authorize({ orderId, payer, amount, idempotencyKey }),
      );
      await record(cause, { type: 'AuthorizePayment', data: { orderId, amount, answer } });
      return 'sent';
    },
    capture: async (cause: Cause): Promise<DispatchOutcome> => {
      const { orderId } = cause;
      const payment = await load(orderId);
      if (payment.status !== 'authorized') return 'skipped';
      const { authorizationId, amount } = payment;
      await provider.capture({
        orderId,
        authorizationId,
        amount,
        idempotencyKey: `${orderId}:capture`,
      });
      await record(cause, { type: 'CapturePayment', data: { orderId } });
      return 'sent';
    },
    void: async (cause: Cause): Promise<DispatchOutcome> => {
      const { orderId } = cause;
      const payment = await load(orderId);
      if (payment.status !== 'authorized') return 'skipped';
      const { authorizationId } = payment;
      await provider.void({ orderId, authorizationId, idempotencyKey: `${orderId}:void` });
      await record(cause, { type: 'VoidAuthorization', data: { orderId } });
      return 'sent';
    },
    refund: async (cause: Cause, refundId: string, amount: Money): Promise<DispatchOutcome> => {
      const { orderId } = cause;
      const payment = await load(orderId);
      if (payment.status !== 'captured' || payment.refundIds.includes(refundId)) return 'skipped';
      await provider.refund({
        orderId,
        authorizationId: payment.authorizationId,
        amount,
        idempotencyKey: refundId,
      });
      await record(cause, { type: 'RefundPayment', data: { orderId, refundId, amount } });
      return 'sent';
    },
  };
};
