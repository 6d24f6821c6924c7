import { describe, it } from 'vitest';
import { spec } from '../shared/spec.ts';
import { orderDecider } from './decide.ts';
import { InvalidOrderTransition, OrderAlreadyShipped, OrderNotFound } from './errors.ts';
import { orderEvents } from './events.ts';
import type { OrderCommand } from './commands.ts';
import { at, by, histories, operator, orderId, saga } from './fixtures.ts';

const order = spec(orderDecider, orderEvents);

const confirm: OrderCommand = { type: 'ConfirmOrder', data: { orderId }, metadata: by(saga, 5) };
const reject = (reason: 'out_of_stock' | 'payment_declined', detail?: string): OrderCommand => ({
  type: 'RejectOrder',
  data: detail === undefined ? { orderId, reason } : { orderId, reason, detail },
  metadata: by(saga, 5),
});
const ship = (trackingId: string): OrderCommand => ({
  type: 'MarkShipped',
  data: { orderId, carrier: 'DHL', trackingId },
  metadata: by(operator, 5),
});
const deliver: OrderCommand = { type: 'MarkDelivered', data: { orderId }, metadata: by(saga, 5) };

describe('ConfirmOrder', () => {
  it('confirms a placed order', () => {
    order
      .given(histories.placed)
      .when(confirm)
      .thenEmits([{ type: 'OrderConfirmed', data: { orderId, confirmedAt: at(5) } }]);
  });

  it.each(['confirmed', 'shipped', 'delivered'] as const)(
    'does nothing when the order was already confirmed (%s)',
    (status) => {
      order.given(histories[status]).when(confirm).thenNothing();
    },
  );

  it.each(['cancelled', 'rejected'] as const)('refuses a %s order', (status) => {
    order
      .given(histories[status])
      .when(confirm)
      .thenThrows(InvalidOrderTransition, { orderId, status, command: 'ConfirmOrder' });
  });

  it('refuses an order that does not exist', () => {
    order.given([]).when(confirm).thenThrows(OrderNotFound, { orderId });
  });
});

describe('RejectOrder', () => {
  it('rejects a placed order with its reason and detail', () => {
    order
      .given(histories.placed)
      .when(reject('out_of_stock', 'SKU-1: 2 requested, 1 available'))
      .thenEmits([
        {
          type: 'OrderRejected',
          data: {
            orderId,
            reason: 'out_of_stock',
            detail: 'SKU-1: 2 requested, 1 available',
            rejectedAt: at(5),
          },
        },
      ]);
  });

  it('records a missing detail as null', () => {
    order
      .given(histories.placed)
      .when(reject('payment_declined'))
      .thenEmits([
        {
          type: 'OrderRejected',
          data: { orderId, reason: 'payment_declined', detail: null, rejectedAt: at(5) },
        },
      ]);
  });

  it('does nothing when the order was already rejected, whatever the reason', () => {
    order.given(histories.rejected).when(reject('payment_declined')).thenNothing();
  });

  it.each(['confirmed', 'shipped', 'delivered', 'cancelled'] as const)(
    'refuses a %s order',
    (status) => {
      order
        .given(histories[status])
        .when(reject('out_of_stock'))
        .thenThrows(InvalidOrderTransition, { status, command: 'RejectOrder' });
    },
  );

  it('refuses an order that does not exist', () => {
    order.given([]).when(reject('out_of_stock')).thenThrows(OrderNotFound);
  });
});

describe('MarkShipped', () => {
  it('ships a confirmed order', () => {
    order
      .given(histories.confirmed)
      .when(ship('TRK-9'))
      .thenEmits([
        {
          type: 'OrderShipped',
          data: { orderId, carrier: 'DHL', trackingId: 'TRK-9', shippedAt: at(5) },
        },
      ]);
  });

  it.each(['shipped', 'delivered'] as const)(
    'does nothing when the same shipment is reported again (%s)',
    (status) => {
      order.given(histories[status]).when(ship('TRK-1')).thenNothing();
    },
  );

  it.each(['shipped', 'delivered'] as const)(
    'refuses a second, different shipment (%s)',
    (status) => {
      order
        .given(histories[status])
        .when(ship('TRK-2'))
        .thenThrows(OrderAlreadyShipped, { orderId, command: 'MarkShipped' });
    },
  );

  it.each(['placed', 'cancelled', 'rejected'] as const)('refuses a %s order', (status) => {
    order
      .given(histories[status])
      .when(ship('TRK-9'))
      .thenThrows(InvalidOrderTransition, { status, command: 'MarkShipped' });
  });

  it('refuses an order that does not exist', () => {
    order.given([]).when(ship('TRK-9')).thenThrows(OrderNotFound);
  });
});

describe('MarkDelivered', () => {
  it('delivers a shipped order', () => {
    order
      .given(histories.shipped)
      .when(deliver)
      .thenEmits([{ type: 'OrderDelivered', data: { orderId, deliveredAt: at(5) } }]);
  });

  it('does nothing when the order was already delivered', () => {
    order.given(histories.delivered).when(deliver).thenNothing();
  });

  it.each(['placed', 'confirmed', 'cancelled', 'rejected'] as const)(
    'refuses a %s order',
    (status) => {
      order
        .given(histories[status])
        .when(deliver)
        .thenThrows(InvalidOrderTransition, { status, command: 'MarkDelivered' });
    },
  );

  it('refuses an order that does not exist', () => {
    order.given([]).when(deliver).thenThrows(OrderNotFound);
  });
});
