import { z } from 'zod';
import type { DomainEvent } from '../../domain/events.ts';
import { unreachable } from '../../domain/shared/decider.ts';
import { minorUnitDigits, type Money } from '../../domain/shared/money.ts';
import { isDomainEvent, type ForeignEvent } from '../projection.ts';

// Intl is slow to ask, and a rebuild asks for every event with an amount.
const digitsByCurrency = new Map<string, number>();
const digitsOf = (currency: string): number => {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = minorUnitDigits(currency);
    digitsByCurrency.set(currency, digits);
  }
  return digits;
};

export const formatMoney = ({ amount, currency }: Money): string => {
  const digits = digitsOf(currency);
  return `${currency} ${(amount / 10 ** digits).toFixed(digits)}`;
};

const items = (quantity: number, sku: string) => `${quantity} × ${sku}`;
// The customer reads a date; the carrier's hour of day is no promise.
const day = (iso: string) => new Date(iso).toISOString().slice(0, 10);

const domainSummary = (event: DomainEvent): string => {
  switch (event.type) {
    case 'OrderPlaced': {
      const count = event.data.lines.reduce((sum, line) => sum + line.quantity, 0);
      return `Order placed: ${count} item${count === 1 ? '' : 's'}, ${formatMoney(event.data.total)}`;
    }
    case 'OrderConfirmed':
      return 'Order confirmed';
    case 'OrderRejected': {
      const { reason, detail } = event.data;
      return `Order rejected: ${reason.replaceAll('_', ' ')}${detail ? ` (${detail})` : ''}`;
    }
    case 'OrderCancelled':
      return `Order cancelled by ${event.data.cancelledBy}: ${event.data.reason}`;
    case 'OrderShipped':
      return `Shipped with ${event.data.carrier}, tracking ${event.data.trackingId}`;
    case 'OrderDelivered':
      return 'Delivered';
    case 'OrderDeliveryEstimateRevised': {
      const { estimatedDeliveryAt: now, previousEstimatedDeliveryAt: was } = event.data;
      return `Delivery date changed: now ${day(now)}${was === null ? '' : ` (was ${day(was)})`}`;
    }
    case 'StockRestocked':
      return `Restocked: ${items(event.data.quantity, event.data.sku)}`;
    case 'StockReserved':
      return `Stock reserved: ${items(event.data.quantity, event.data.sku)}`;
    case 'StockReservationRejected': {
      const { requested, sku, available } = event.data;
      return `Stock not available: ${items(requested, sku)} requested, ${available} available`;
    }
    case 'StockReleased':
      return `Stock released: ${items(event.data.quantity, event.data.sku)}`;
    case 'StockCommitted':
      return `Stock committed: ${items(event.data.quantity, event.data.sku)}`;
    case 'LowStockThresholdSet':
      return `Low-stock threshold of ${event.data.sku} set to ${event.data.threshold}`;
    case 'PaymentAuthorized':
      return `Payment authorized: ${formatMoney(event.data.amount)}`;
    case 'PaymentDeclined':
      return `Payment declined: ${event.data.reason.replaceAll('_', ' ')}`;
    case 'PaymentCaptured':
      return `Payment captured: ${formatMoney(event.data.amount)}`;
    case 'AuthorizationVoided':
      return 'Payment authorization voided';
    case 'PaymentRefunded':
      return `Refunded ${formatMoney(event.data.amount)}`;
    default:
      return unreachable(event);
  }
};

// The saga's events are read as plain JSON here (projections do not import processes/): the
// details worth a sentence are picked out of whichever of these fields an event has.
const sagaDetails = z
  .object({
    sku: z.string(),
    quantity: z.number(),
    requested: z.number(),
    amount: z.object({ amount: z.number().int().nonnegative(), currency: z.string() }),
    status: z.string(),
    reason: z.string().nullable(),
    purpose: z.string(),
    step: z.string(),
    action: z.string(),
    outcome: z.string(),
    request: z.string(),
  })
  .partial();

const sentence = (type: string): string => {
  const words = type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const foreignSummary = ({ type, data }: ForeignEvent): string => {
  const parsed = sagaDetails.safeParse(data);
  const d = parsed.success ? parsed.data : {};
  const quantity = d.quantity ?? d.requested;
  const details = [
    d.sku === undefined ? undefined : quantity === undefined ? d.sku : items(quantity, d.sku),
    d.amount === undefined ? undefined : formatMoney(d.amount),
    d.status,
    d.purpose?.replaceAll('_', ' '),
    d.step,
    d.action,
    d.request === undefined ? d.outcome : `${d.request}: ${d.outcome ?? 'pending'}`,
    d.reason ?? undefined,
  ].filter((part) => part !== undefined && part !== '');
  return details.length === 0 ? sentence(type) : `${sentence(type)}: ${details.join(', ')}`;
};

/** A short human sentence for a timeline entry, e.g. "Stock reserved: 2 × SKU-1". */
export const summarize = (event: DomainEvent | ForeignEvent): string =>
  isDomainEvent(event) ? domainSummary(event) : foreignSummary(event);
