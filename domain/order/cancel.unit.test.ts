import { describe, it } from 'vitest';
import type { Actor } from '../shared/command.ts';
import { spec } from '../shared/spec.ts';
import { orderDecider } from './decide.ts';
import {
  CancelNotAllowed,
  InvalidOrderTransition,
  OrderAlreadyShipped,
  OrderNotFound,
} from './errors.ts';
import { orderEvents } from './events.ts';
import type { OrderCommand } from './commands.ts';
import {
  admin,
  at,
  auditor,
  by,
  customer,
  histories,
  operator,
  orderId,
  otherCustomer,
  saga,
} from './fixtures.ts';

const order = spec(orderDecider, orderEvents);
const cancel = (actor: Actor, reason = 'no longer needed'): OrderCommand => ({
  type: 'CancelOrder',
  data: { orderId, reason },
  metadata: by(actor, 5),
});
const cancelledBy = (actor: Actor, reason = 'no longer needed') => ({
  type: 'OrderCancelled' as const,
  data: { orderId, reason, cancelledBy: actor.id, cancelledAt: at(5) },
});

describe('CancelOrder', () => {
  it.each(['placed', 'confirmed'] as const)('lets the customer cancel a %s order', (status) => {
    order
      .given(histories[status])
      .when(cancel(customer))
      .thenEmits([cancelledBy(customer)]);
  });

  it.each([
    ['an operator', operator],
    ['an admin', admin],
    ['a process', saga],
  ])('lets %s cancel on the customer’s behalf', (_, actor) => {
    order
      .given(histories.confirmed)
      .when(cancel(actor, 'payment captured twice'))
      .thenEmits([cancelledBy(actor, 'payment captured twice')]);
  });

  it.each([
    ['another customer', otherCustomer],
    ['an auditor', auditor],
    ['the owner’s id without the customer role', { id: customer.id, roles: ['auditor'] }],
  ] satisfies [string, Actor][])('forbids %s', (_, actor) => {
    order
      .given(histories.placed)
      .when(cancel(actor))
      .thenThrows(CancelNotAllowed, { orderId, actorId: actor.id });
  });

  it('forbids a stranger before saying anything about the order’s status', () => {
    order.given(histories.shipped).when(cancel(otherCustomer)).thenThrows(CancelNotAllowed);
  });

  it('does nothing when the order was already cancelled, by whoever', () => {
    order.given(histories.cancelled).when(cancel(operator)).thenNothing();
  });

  it.each(['shipped', 'delivered'] as const)('refuses once the order %s', (status) => {
    order
      .given(histories[status])
      .when(cancel(customer))
      .thenThrows(OrderAlreadyShipped, { orderId, command: 'CancelOrder' });
  });

  it('refuses a rejected order', () => {
    order
      .given(histories.rejected)
      .when(cancel(customer))
      .thenThrows(InvalidOrderTransition, { status: 'rejected', command: 'CancelOrder' });
  });

  it('refuses an order that does not exist', () => {
    order.given([]).when(cancel(operator)).thenThrows(OrderNotFound, { orderId });
  });
});
