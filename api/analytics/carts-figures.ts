import {
  abandonmentRate,
  defaultAbandonedAfterHours,
  isAbandoned,
} from '../../domain/cart/abandoned.ts';
import { dayOf } from '../../projections/analytics/index.ts';
import { sum } from './arithmetic.ts';
import type { CartDocuments } from './carts-sources.ts';
import { daysOf } from './query.ts';
import type { CartsFigures, Range } from './schemas.ts';

/** An abandonment: the day its cart was left and what it held. */
interface Left {
  readonly day: string;
  readonly value: number;
}

/**
 * Carts by day; abandoned ones are those seen when their cart came back, and those whose cart
 * has stayed untouched until `now` for the threshold (the current fill, not yet counted).
 */
export const cartsFigures = (
  { days, abandoned, carts }: CartDocuments,
  range: Range,
  now: Date,
): CartsFigures => {
  // The projection counts by the same rule (domain/cart/abandoned.ts): one threshold for both.
  const afterHours = defaultAbandonedAfterHours;
  const stillLeft: Left[] = carts
    .filter(
      (cart) =>
        !cart.abandoned &&
        isAbandoned(
          { lineCount: cart.lines.length, lastChangedAt: new Date(cart.lastAt) },
          now,
          afterHours,
        ),
    )
    .map((cart) => ({ day: dayOf(cart.lastAt), value: cart.value }));
  const left: Left[] = [...abandoned.map(({ key, value }) => ({ day: key, value })), ...stillLeft];
  const byDay = new Map(days.map((d) => [d.key, d]));
  const leftByDay = Map.groupBy(left, (l) => l.day);
  const leftOn = (day: string) => leftByDay.get(day) ?? [];
  const checkedOut = sum(days, (d) => d.checkedOut);
  return {
    started: sum(days, (d) => d.started),
    checkedOut,
    emptied: sum(days, (d) => d.emptied),
    abandoned: left.length,
    abandonedValue: sum(left, (l) => l.value),
    recovered: sum(days, (d) => d.recovered),
    abandonmentRate: abandonmentRate({ abandoned: left.length, checkedOut }),
    abandonedAfterHours: afterHours,
    series: daysOf(range).map((day) => ({
      day,
      started: byDay.get(day)?.started ?? 0,
      checkedOut: byDay.get(day)?.checkedOut ?? 0,
      abandoned: leftOn(day).length,
      abandonedValue: sum(leftOn(day), (l) => l.value),
    })),
  };
};
