import type { OrderSummary } from '#lib/schemas/orders.ts';

// RFC 4180 quoting, and a leading apostrophe on text a spreadsheet would run as a formula.
const cell = (value: string | number | null | undefined): string => {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export const csvHeader =
  'orderId,customerId,status,totalMinorUnits,currency,lineCount,skus,placedAt,updatedAt,reason,detail\r\n';

export const csvRow = (order: OrderSummary): string =>
  [
    order.orderId,
    order.customerId,
    order.status,
    order.total.amount,
    order.total.currency,
    order.lineCount,
    order.skus?.join(' '),
    order.placedAt,
    order.updatedAt,
    order.reason,
    order.detail,
  ]
    .map(cell)
    .join(',') + '\r\n';
