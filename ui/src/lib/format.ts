import type { Money } from './schemas/common.ts';

// One locale for server and browser alike, so server-rendered text and hydrated text agree.
const locale = 'en-GB';

const moneyFormats = new Map<string, Intl.NumberFormat>();
const moneyFormat = (currency: string): Intl.NumberFormat => {
  let format = moneyFormats.get(currency);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    moneyFormats.set(currency, format);
  }
  return format;
};

export const fractionDigits = (currency: string): number =>
  moneyFormat(currency).resolvedOptions().maximumFractionDigits ?? 2;

export const formatMoney = (money: Money): string =>
  moneyFormat(money.currency).format(money.amount / 10 ** fractionDigits(money.currency));

// Sentences written by the read models carry amounts as "EUR 52.48": shown like every other
// amount on the page ("€52.48"). Only ISO currency codes the runtime knows are read as money.
const currencies = new Set(Intl.supportedValuesOf('currency'));
export const formatMoneyInText = (text: string): string =>
  text.replace(/\b([A-Z]{3}) (\d+(?:\.\d+)?)\b/g, (whole, code: string, amount: string) =>
    currencies.has(code) ? moneyFormat(code).format(Number(amount)) : whole,
  );

const count = new Intl.NumberFormat(locale);
export const formatCount = (value: number): string => count.format(value);

export const formatPercent = (fraction: number): string =>
  `${Math.floor(Math.min(1, Math.max(0, fraction)) * 100)}%`;

/** Dates and times in the user's zone (reported by the browser), or UTC until it is known. */
export const timeFormatter = (timeZone: string) => {
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'medium',
  });
  const time = new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'medium' });
  const minute = new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'short' });
  // Events of one order often share a second: the audit trail shows milliseconds.
  const precise = new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hourCycle: 'h23',
  });
  const parse = (iso: string | null | undefined): Date | null => {
    if (iso === null || iso === undefined) return null;
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? null : date;
  };
  return {
    timeZone,
    dateTime: (iso: string | null | undefined): string => {
      const date = parse(iso);
      return date === null ? '—' : dateTime.format(date);
    },
    time: (iso: string | null | undefined): string => {
      const date = parse(iso);
      return date === null ? '—' : time.format(date);
    },
    minute: (iso: string | null | undefined): string => {
      const date = parse(iso);
      return date === null ? '—' : minute.format(date);
    },
    precise: (iso: string | null | undefined): string => {
      const date = parse(iso);
      return date === null ? '—' : precise.format(date);
    },
  };
};
export type TimeFormatter = ReturnType<typeof timeFormatter>;

// Days the API buckets by ('2026-03-01') are UTC days: formatted as such, never shifted.
const utcDay = new Intl.DateTimeFormat(locale, {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
});
export const formatDay = (day: string): string => {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : utcDay.format(date);
};

/** Order ids are UUIDs: the first block is enough to tell them apart on screen. */
export const shortId = (id: string): string => (id.length > 13 ? id.slice(0, 8) : id);

export const formatDuration = (seconds: number | null | undefined): string => {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  return `${Math.round(seconds / 60)} min`;
};
