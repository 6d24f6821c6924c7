import { formatMoney } from '#lib/format.ts';

/** One difference between the state before and after an event, at a readable path. */
export interface Change {
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before: string;
  readonly after: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Money is minor units and a currency ({ amount: 8898, currency: 'EUR' }): one leaf, "€88.98".
const isMoney = (value: Record<string, unknown>): value is { amount: number; currency: string } =>
  Object.keys(value).length === 2 &&
  typeof value.amount === 'number' &&
  Number.isInteger(value.amount) &&
  typeof value.currency === 'string' &&
  /^[A-Z]{3}$/.test(value.currency);
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** How a leaf reads: instants in the page's zone (the formatter given), money as money. */
export type Instant = (iso: string) => string;

// Leaves by path: "order.status", "stock.SKU-1.reserved", "order.lines[0].quantity".
const flatten = (
  value: unknown,
  path: string,
  into: Map<string, string>,
  instant: Instant,
): Map<string, string> => {
  if (Array.isArray(value)) {
    if (value.length === 0 && path !== '') into.set(path, '[]');
    value.forEach((item, index) => flatten(item, `${path}[${index}]`, into, instant));
  } else if (isRecord(value)) {
    if (isMoney(value)) return into.set(path, formatMoney(value));
    const keys = Object.keys(value);
    if (keys.length === 0 && path !== '') into.set(path, '{}');
    for (const key of keys)
      flatten(value[key], path === '' ? key : `${path}.${key}`, into, instant);
  } else if (value !== undefined) {
    into.set(
      path,
      value === null
        ? 'null'
        : typeof value === 'string'
          ? isoInstant.test(value)
            ? instant(value)
            : value
          : JSON.stringify(value),
    );
  }
  return into;
};

/** An event's data as people read it: one line per leaf, money and instants formatted. */
export const readable = (value: unknown, instant: Instant): [path: string, text: string][] => [
  ...flatten(value, '', new Map(), instant),
];

/** What an event changed: the state after it compared with the state after the one before. */
export const diff = (
  before: unknown,
  after: unknown,
  instant: Instant = (iso) => iso,
): Change[] => {
  const a = flatten(before, '', new Map(), instant);
  const b = flatten(after, '', new Map(), instant);
  const changes: Change[] = [];
  for (const [path, value] of b) {
    const old = a.get(path);
    if (old === undefined) changes.push({ path, kind: 'added', before: '', after: value });
    else if (old !== value) changes.push({ path, kind: 'changed', before: old, after: value });
  }
  for (const [path, value] of a) {
    if (!b.has(path)) changes.push({ path, kind: 'removed', before: value, after: '' });
  }
  return changes;
};
