import * as z from 'zod/mini';
import { zonedToIso } from '#lib/zoned-time.ts';

// The audit search's filters as the URL holds them (what the user typed), and the API's query.

export interface AuditFilters {
  actor: string;
  type: string;
  stream: string;
  /** Days (YYYY-MM-DD) in the user's zone; `to` is included. */
  from: string;
  to: string;
}

const text = (params: URLSearchParams, name: string, max: number): string =>
  (params.get(name) ?? '').trim().slice(0, max);

export const filtersOf = (params: URLSearchParams): AuditFilters => ({
  actor: text(params, 'actor', 200),
  type: text(params, 'type', 80),
  stream: text(params, 'stream', 200),
  from: text(params, 'from', 10),
  to: text(params, 'to', 10),
});

/** The filters as a query string (no `?`), empty ones left out, `extra` after them. */
export const searchOf = (filters: AuditFilters, extra: Record<string, string> = {}): string => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...filters, ...extra }))
    if (value !== '') params.set(name, value);
  return params.toString();
};

const day = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day after, as YYYY-MM-DD: an inclusive last day becomes an exclusive bound. */
const nextDay = (text: string): string | undefined => {
  const match = day.exec(text);
  if (match === null) return undefined;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 10);
};

const startOf = (text: string, timeZone: string): string | undefined =>
  day.test(text) ? zonedToIso(`${text}T00:00`, timeZone) : undefined;

export interface ApiQuery {
  readonly query: Record<string, string | undefined>;
  /** Filters that could not be read and were left out, to say so on the page. */
  readonly ignored: readonly string[];
}

export const apiQueryOf = (filters: AuditFilters, timeZone: string): ApiQuery => {
  const ignored: string[] = [];
  const converted = (
    label: string,
    raw: string,
    convert: (value: string) => string | undefined,
  ) => {
    if (raw === '') return undefined;
    const value = convert(raw);
    if (value === undefined) ignored.push(label);
    return value;
  };
  return {
    query: {
      actor: filters.actor || undefined,
      type: filters.type || undefined,
      stream: filters.stream || undefined,
      from: converted('from', filters.from, (value) => startOf(value, timeZone)),
      to: converted('to', filters.to, (value) => {
        const after = nextDay(value);
        return after === undefined ? undefined : startOf(after, timeZone);
      }),
    },
    ignored,
  };
};

const nullableString = z.nullable(z.string());

export const auditEventSchema = z.object({
  position: z.object({ commit: z.number(), prepare: z.number() }),
  stream: z.string(),
  revision: z.number(),
  eventId: z.string(),
  type: z.string(),
  recordedAt: z.string(),
  occurredAt: nullableString,
  actor: nullableString,
  correlationId: nullableString,
  causationId: z.optional(nullableString),
  orderId: nullableString,
  data: z.unknown(),
  summary: z.string(),
  unreadable: z.optional(z.string()),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditPageSchema = z.object({
  items: z.array(auditEventSchema),
  next: nullableString,
  position: z.nullable(z.object({ commit: z.number(), prepare: z.number() })),
  scanned: z.number(),
  filtering: z.object({
    server: z.object({ on: z.string() }),
    client: z.array(z.string()),
  }),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

export const eventTypesSchema = z.object({ types: z.array(z.string()) });

/** The next page, as the page's "Load more" asks its own server for it. */
export const morePageSchema = z.object({
  items: z.array(auditEventSchema),
  next: nullableString,
  scanned: z.number(),
});
