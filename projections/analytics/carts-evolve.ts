import { isAbandoned } from '../../domain/cart/abandoned.ts';
import type { CartEvent } from '../../domain/cart/events.ts';
import { positionKey } from '../position.ts';
import type { EvolveContext, ProjectedEvent } from '../projection.ts';
import {
  cartDocId,
  cartPriceId,
  type CartDayDoc,
  type CartDoc,
  type CartStep,
  type CartsDoc,
} from './carts-documents.ts';
import { cartsInputOf } from './carts-input.ts';
import { dayOf, occurredAt } from './time.ts';

type Related = EvolveContext<CartsDoc>['related'];
type Line = CartDoc['lines'][number];

/**
 * Steps kept per cart. The documents an event touches after the cart's read its step; a replay
 * goes back one batch at most, and one cart never has this many events in a batch.
 */
const keptSteps = 32;

const priceOf = (related: Related, sku: string) => {
  const doc = related(cartPriceId(sku));
  return doc?.kind === 'price' ? doc : undefined;
};

/** The lines after the event, each added or changed one at the catalog's price of the moment. */
const linesAfter = (lines: readonly Line[], event: CartEvent, related: Related): Line[] => {
  switch (event.type) {
    case 'CartItemAdded': {
      const { sku, quantity } = event.data;
      if (lines.some((line) => line.sku === sku)) return [...lines];
      return [...lines, { sku, quantity, unitPrice: priceOf(related, sku)?.unitPrice ?? 0 }];
    }
    case 'CartItemQuantityChanged': {
      const { sku, quantity } = event.data;
      const unitPrice = priceOf(related, sku)?.unitPrice;
      return lines.map((line) =>
        line.sku === sku ? { sku, quantity, unitPrice: unitPrice ?? line.unitPrice } : line,
      );
    }
    case 'CartItemRemoved':
      return lines.filter((line) => line.sku !== event.data.sku);
    case 'CartCheckedOut': {
      const ordered = new Set(event.data.lines.map((line) => line.sku));
      return lines.filter((line) => !ordered.has(line.sku));
    }
  }
};

const emptyCart = (id: string, at: string): CartDoc => ({
  _id: id,
  kind: 'cart',
  key: dayOf(at),
  lines: [],
  value: 0,
  currency: 'EUR',
  lastAt: at,
  abandoned: false,
  steps: [],
});

/**
 * The cart after one of its events, and the step that says what the event counts: a fill starts
 * when the first line goes into an empty cart (or lines stay after a checkout); it ends checked
 * out or emptied; if it sat untouched for the threshold first, this event reveals that it was
 * abandoned, counted once per fill on the day it was left.
 */
const onCart = (
  doc: CartsDoc | undefined,
  id: string,
  event: CartEvent,
  { key, at }: { key: string; at: string },
  related: Related,
): CartDoc => {
  const before = doc?.kind === 'cart' ? doc : emptyCart(id, at);
  const held = before.lines.length > 0;
  const lines = linesAfter(before.lines, event, related);
  const checkedOut = event.type === 'CartCheckedOut';
  const started = lines.length > 0 && (!held || checkedOut);
  const left =
    !before.abandoned &&
    isAbandoned(
      { lineCount: before.lines.length, lastChangedAt: new Date(before.lastAt) },
      new Date(at),
    );
  const step: CartStep = {
    at: key,
    occurredAt: at,
    started,
    checkedOut,
    emptied: held && lines.length === 0 && !checkedOut,
    recovered: checkedOut && (before.abandoned || left),
    revealed: left ? { day: dayOf(before.lastAt), value: before.value } : null,
  };
  const currency =
    event.type === 'CartItemAdded' || event.type === 'CartItemQuantityChanged'
      ? (priceOf(related, event.data.sku)?.currency ?? before.currency)
      : before.currency;
  const abandoned = lines.length > 0 && !started && (before.abandoned || left);
  return {
    ...before,
    key: lines.length > 0 && !abandoned ? dayOf(at) : '',
    lines,
    value: lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0),
    currency,
    lastAt: at,
    abandoned,
    steps: [...before.steps, step].slice(-keptSteps),
  };
};

const onDay = (doc: CartsDoc | undefined, id: string, day: string, step: CartStep): CartsDoc => {
  const was: CartDayDoc =
    doc?.kind === 'day'
      ? doc
      : { _id: id, kind: 'day', key: day, started: 0, checkedOut: 0, emptied: 0, recovered: 0 };
  const plus = (flag: boolean) => (flag ? 1 : 0);
  return {
    ...was,
    started: was.started + plus(step.started),
    checkedOut: was.checkedOut + plus(step.checkedOut),
    emptied: was.emptied + plus(step.emptied),
    recovered: was.recovered + plus(step.recovered),
  };
};

/** One analytics_carts document after an event; `id` says which one (see documentIds). */
export const evolveCarts = (
  doc: CartsDoc | undefined,
  recorded: ProjectedEvent,
  { id, related }: EvolveContext<CartsDoc>,
): CartsDoc | undefined => {
  const input = cartsInputOf(recorded.event);
  if (recorded.position === undefined || input === undefined) return doc;
  if (input.source === 'price') {
    const { amount, currency } = input.unitPrice;
    return { _id: id, kind: 'price', key: input.sku, unitPrice: amount, currency };
  }
  const { customerId } = input.event.data;
  const key = positionKey(recorded.position);
  const at = occurredAt(recorded);
  if (id.startsWith('cart:')) return onCart(doc, id, input.event, { key, at }, related);
  if (id.startsWith('price:')) return doc;
  // The cart's document evolved first (see documentIds): its step for this event says it all.
  const cart = related(cartDocId(customerId));
  const step = cart?.kind === 'cart' ? cart.steps.find((s) => s.at === key) : undefined;
  if (step === undefined || cart?.kind !== 'cart') return doc;
  if (id.startsWith('day:')) return onDay(doc, id, dayOf(at), step);
  if (step.revealed === null || doc !== undefined) return doc;
  const { day, value } = step.revealed;
  return { _id: id, kind: 'abandoned', key: day, customerId, value, currency: cart.currency };
};
