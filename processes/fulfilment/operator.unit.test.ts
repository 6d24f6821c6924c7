import { describe, it } from 'vitest';
import type { Actor } from '../../domain/shared/command.ts';
import type { FulfilmentCommand } from './commands.ts';
import { FulfilmentNotFound, OperatorRequestNotAllowed, OperatorRoleRequired } from './errors.ts';
import type { CompensationAction, RetryStep } from './events-requests.ts';
import type { SagaEvent } from './events.ts';
import {
  admin,
  authorized,
  by,
  captured,
  commandOf,
  compensation,
  confirmed,
  customer,
  declined,
  history,
  observe,
  operator,
  orderId,
  outOfStock,
  placed,
  refunded,
  reserved,
  retry,
  saga,
  shipped,
  total,
} from './fixtures.ts';

const retryBy = (step: RetryStep, actor: Actor = operator): FulfilmentCommand => ({
  type: 'RequestRetry',
  data: { orderId, step },
  metadata: by(actor, 5),
});
const compensateBy = (action: CompensationAction, actor: Actor = operator): FulfilmentCommand => ({
  type: 'RequestCompensation',
  data: { orderId, action },
  metadata: by(actor, 5),
});
const reservedAll = [placed, reserved('SKU-1'), reserved('SKU-2')] as const;
const capturedAll = [...reservedAll, authorized, confirmed, captured] as const;
const handled = (inputId: string, outcome: 'acted' | 'nothing_to_do', request = 'RetryRequested') =>
  ({ type: 'InputHandled', data: { inputId, request, outcome } }) as SagaEvent;

describe('an operator’s request', () => {
  it('needs an operator or admin', () => {
    saga
      .given(history(...reservedAll, declined()))
      .when(retryBy('payment', customer))
      .thenThrows(OperatorRoleRequired);
    saga
      .given(history(...reservedAll, declined()))
      .when(retryBy('payment', admin))
      .thenEmits([{ type: 'RetryRequested', data: { step: 'payment' } }]);
  });

  it('needs a fulfilment', () => {
    saga.given([]).when(retryBy('inventory')).thenThrows(FulfilmentNotFound, { orderId });
  });
});

describe('retry payment', () => {
  it('is allowed while a declined payment is in its grace period', () => {
    saga
      .given(history(...reservedAll, declined()))
      .when(retryBy('payment'))
      .thenEmits([{ type: 'RetryRequested', data: { step: 'payment' } }]);
  });

  it('asks the provider again as a new attempt, and stops the grace clock', () => {
    const request = retry('payment');
    saga
      .given([...history(...reservedAll, declined()), request.event])
      .when(observe(request, 5))
      .thenEmits([
        handled(request.id, 'acted'),
        { type: 'TimerCancelled', data: { timerId: 'decline-grace-1' } },
        {
          type: 'PaymentAuthorizationRequested',
          data: { amount: total, attempt: 2, commandId: commandOf(request, 'AuthorizePayment', 2) },
        },
      ]);
  });

  it('asks again under the same attempt when the first was never answered', () => {
    const request = retry('payment');
    saga
      .given([...history(...reservedAll), request.event])
      .when(observe(request, 5))
      .thenEmits([
        handled(request.id, 'acted'),
        {
          type: 'PaymentAuthorizationRequested',
          data: { amount: total, attempt: 1, commandId: commandOf(request, 'AuthorizePayment', 1) },
        },
      ]);
  });

  it('is refused once the payment is authorized, or the order closed', () => {
    saga
      .given(history(...reservedAll, authorized))
      .when(retryBy('payment'))
      .thenThrows(OperatorRequestNotAllowed, {
        request: 'retry payment',
        why: 'the payment is authorized',
      });
    saga
      .given(history(placed, outOfStock('SKU-1')))
      .when(retryBy('payment'))
      .thenThrows(OperatorRequestNotAllowed, { why: 'the saga is closing the order (reject)' });
  });

  it('does nothing when the payment was authorized between the request and its handling', () => {
    const request = retry('payment');
    const moved = history(...reservedAll, declined(), authorized);
    saga
      .given([...moved, request.event])
      .when(observe(request, 6))
      .thenEmits([handled(request.id, 'nothing_to_do')]);
  });
});

describe('retry inventory', () => {
  it('re-asks unanswered reservations under new command ids', () => {
    const request = retry('inventory');
    saga
      .given([...history(placed, reserved('SKU-1')), request.event])
      .when(observe(request, 5))
      .thenEmits([
        handled(request.id, 'acted'),
        {
          type: 'StockReservationRequested',
          data: {
            sku: 'SKU-2',
            quantity: 1,
            commandId: commandOf(request, 'ReserveStock', 'SKU-2'),
          },
        },
      ]);
  });

  it('is refused when every line is reserved, and once the order is closed', () => {
    saga
      .given(history(...reservedAll))
      .when(retryBy('inventory'))
      .thenThrows(OperatorRequestNotAllowed, { why: 'every line is reserved' });
    saga
      .given(history(placed, outOfStock('SKU-1')))
      .when(retryBy('inventory'))
      .thenThrows(OperatorRequestNotAllowed, { request: 'retry inventory' });
  });
});

describe('retry shipping', () => {
  const failed: SagaEvent = { type: 'ShipmentFailed', data: { attempt: 1, reason: 'lost' } };

  it('is allowed after a failed attempt while the order is confirmed, as the next attempt', () => {
    saga
      .given([...history(...capturedAll), failed])
      .when(retryBy('shipping'))
      .thenEmits([{ type: 'RetryRequested', data: { step: 'shipping' } }]);
    const request = retry('shipping');
    saga
      .given([...history(...capturedAll), failed, request.event])
      .when(observe(request, 7))
      .thenEmits([
        handled(request.id, 'acted'),
        {
          type: 'ShipmentRequested',
          data: { attempt: 2, commandId: commandOf(request, 'Ship', 2) },
        },
      ]);
  });

  it('is refused before payment is captured and once shipped', () => {
    saga
      .given(history(...reservedAll, authorized, confirmed))
      .when(retryBy('shipping'))
      .thenThrows(OperatorRequestNotAllowed, { why: 'the payment is not captured' });
    saga
      .given(history(...capturedAll, shipped))
      .when(retryBy('shipping'))
      .thenThrows(OperatorRequestNotAllowed, { why: 'the order is shipped' });
  });
});

describe('compensation', () => {
  it('releases the stock the saga holds, unless the order shipped', () => {
    saga
      .given(history(...reservedAll))
      .when(compensateBy('releaseStock'))
      .thenEmits([{ type: 'CompensationRequested', data: { action: 'releaseStock' } }]);
    const request = compensation('releaseStock');
    saga
      .given([...history(...reservedAll), request.event])
      .when(observe(request, 5))
      .thenEmits([
        handled(request.id, 'acted', 'CompensationRequested'),
        {
          type: 'StockReleaseRequested',
          data: { sku: 'SKU-1', commandId: commandOf(request, 'ReleaseStock', 'SKU-1') },
        },
        {
          type: 'StockReleaseRequested',
          data: { sku: 'SKU-2', commandId: commandOf(request, 'ReleaseStock', 'SKU-2') },
        },
      ]);
    saga
      .given(history(...capturedAll, shipped))
      .when(compensateBy('releaseStock'))
      .thenThrows(OperatorRequestNotAllowed, { why: 'the order is shipped' });
    saga
      .given(history(placed))
      .when(compensateBy('releaseStock'))
      .thenThrows(OperatorRequestNotAllowed, { why: 'the saga holds no reservation' });
  });

  it('refunds what is left of a captured payment', () => {
    const request = compensation('refundPayment');
    const partly = refunded('r-0', 1000);
    const refundId = commandOf(request, 'RefundPayment');
    saga
      .given([...history(...capturedAll, partly), request.event])
      .when(observe(request, 8))
      .thenEmits([
        handled(request.id, 'acted', 'CompensationRequested'),
        {
          type: 'RefundRequested',
          data: { refundId, amount: { amount: 4248, currency: 'EUR' }, commandId: refundId },
        },
      ]);
  });

  it('refuses a refund before capture and once fully refunded', () => {
    saga
      .given(history(...reservedAll, authorized))
      .when(compensateBy('refundPayment'))
      .thenThrows(OperatorRequestNotAllowed, { why: 'the payment is authorized' });
    saga
      .given(history(...capturedAll, refunded('r-1')))
      .when(compensateBy('refundPayment'))
      .thenThrows(OperatorRequestNotAllowed, { why: 'the payment is fully refunded' });
  });
});
