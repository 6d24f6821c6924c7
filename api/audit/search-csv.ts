import { cell } from './csv.ts';
import type { AuditRow } from './search-record.ts';

// What a spreadsheet user reads across: where and when, who, what, and a sentence; the event id
// last, for citing. Data stays out: the summary says it with money in major units.
const columns = [
  'position',
  'occurredAt',
  'recordedAt',
  'stream',
  'revision',
  'type',
  'actor',
  'correlation',
  'summary',
  'eventId',
] as const;

const line = (values: readonly unknown[]): string => values.map(cell).join(',') + '\r\n';

export const searchCsvHeader: string = line(columns);

/** Rows of the audit search as CSV lines, formulas defused as in the order history's export. */
export const searchCsvRows = (rows: readonly AuditRow[]): string =>
  rows
    .map((row) =>
      line([
        row.position.commit,
        row.occurredAt,
        row.recordedAt,
        row.stream,
        row.revision,
        row.type,
        row.actor,
        row.correlationId,
        row.summary,
        row.eventId,
      ]),
    )
    .join('');
