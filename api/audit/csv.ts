import type { HistoryEntry } from './history.ts';

const columns = [
  'position',
  'recordedAt',
  'stream',
  'revision',
  'eventId',
  'type',
  'actor',
  'correlationId',
  'causationId',
  'orderStatus',
  'paymentStatus',
  'fulfilment',
  'data',
] as const;

// RFC 4180: quote every field that needs it; a leading = + - @ is defused so that a spreadsheet
// never runs a cell of event data as a formula.
export const cell = (value: unknown): string => {
  let text =
    value === null || value === undefined
      ? ''
      : typeof value === 'string'
        ? value
        : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * The history as CSV, one row per event, with the state after it in a few columns. `shown` is how
 * each event's data may be shown to this reader (its sealed ship-to opened or erased).
 */
export const historyCsv = (
  entries: readonly HistoryEntry[],
  shown: (data: unknown) => unknown = (data) => data,
): string => {
  const rows = entries.map(({ recorded, stateAfter }) => [
    recorded.position?.commit,
    recorded.recordedAt.toISOString(),
    recorded.stream,
    recorded.revision,
    recorded.id,
    recorded.event.type,
    recorded.metadata.actor,
    recorded.metadata.$correlationId,
    recorded.metadata.$causationId,
    stateAfter.order?.status ?? '',
    stateAfter.payment.status,
    stateAfter.fulfilment,
    shown(recorded.event.data),
  ]);
  return [columns, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
};
