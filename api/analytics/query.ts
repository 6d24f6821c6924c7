import { z } from 'zod';
import { categoryNameSchema } from '../../domain/product/events.ts';
import { granularities, type Range } from './schemas.ts';

/** The longest range asked for at once: two years of days (and as many compared). */
export const maxDays = 731;
const dayMs = 86_400_000;

const day = z.iso.date();

/** What every analytics endpoint takes: an inclusive range of UTC days, compare, format. */
const common = {
  /** First day, inclusive (default: 29 days before `to`). */
  from: day.optional(),
  /** Last day, inclusive (default: today). */
  to: day.optional(),
  compare: z.enum(['previous', 'none']).default('none'),
  format: z.enum(['json', 'csv']).default('json'),
};

// An inverted range is a client's mistake worth saying, not an empty answer.
const validRange = (
  q: { from?: string | undefined; to?: string | undefined },
  ctx: z.RefinementCtx,
) => {
  if (q.from === undefined || q.to === undefined) return;
  if (q.from > q.to)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
  else if ((Date.parse(q.to) - Date.parse(q.from)) / dayMs >= maxDays)
    ctx.addIssue({
      code: 'custom',
      path: ['from'],
      message: `a range spans at most ${maxDays} days`,
    });
};

export const analyticsQuery = z.strictObject(common).superRefine(validRange);
export const salesQuery = z
  .strictObject({ ...common, granularity: z.enum(granularities).default('day') })
  .superRefine(validRange);
export const productsQuery = z
  .strictObject({
    ...common,
    /** Drill down: only the products of this category. */
    category: categoryNameSchema.optional(),
    /** Rows in each top and worst list. */
    limit: z.coerce.number().int().min(1).max(100).default(10),
  })
  .superRefine(validRange);

export type AnalyticsQuery = z.infer<typeof analyticsQuery>;

/** 'YYYY-MM-DD' of a time, in UTC. */
export const dayKey = (time: number): string => new Date(time).toISOString().slice(0, 10);
export const addDays = (key: string, days: number): string =>
  dayKey(Date.parse(key) + days * dayMs);

/** The range asked for (defaults filled in from today), and the previous one when compared. */
export const resolveRanges = (
  query: Pick<AnalyticsQuery, 'from' | 'to' | 'compare'>,
  now: Date,
): { range: Range; compareRange: Range | null } => {
  const to =
    query.to ?? (query.from === undefined ? dayKey(now.getTime()) : addDays(query.from, 29));
  const from = query.from ?? addDays(to, -29);
  const days = Math.round((Date.parse(to) - Date.parse(from)) / dayMs) + 1;
  const compareRange =
    query.compare === 'previous'
      ? { from: addDays(from, -days), to: addDays(from, -1), days }
      : null;
  return { range: { from, to, days }, compareRange };
};

/** Every day of a range, oldest first. */
export const daysOf = (range: Range): string[] =>
  Array.from({ length: range.days }, (_, n) => addDays(range.from, n));
