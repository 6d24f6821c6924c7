// CSV export of any analytics answer: one row per figure (RFC 4180 quoting). Hand-written: a
// few lines, and the answers are flattened here anyway.

type Cell = string | number | boolean | null;

/** A cell as text, quoted when needed; text that a spreadsheet would run as a formula is defused. */
const cell = (value: Cell): string => {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** Every leaf of a JSON value with its dotted path (array items by index, or by their label). */
const leaves = (value: unknown, path: string, out: [string, Cell][]): void => {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    out.push([path, value]);
    return;
  }
  if (value === null || typeof value !== 'object') {
    out.push([path, null]);
    return;
  }
  const label = (item: unknown, index: number): string => {
    if (item === null || typeof item !== 'object') return String(index);
    const record = new Map<string, unknown>(Object.entries(item));
    const named = ['period', 'day', 'category', 'sku', 'reason', 'cohort', 'month']
      .map((key) => record.get(key))
      .find((label) => typeof label === 'string');
    return typeof named === 'string' ? named : String(index);
  };
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [label(item, index), item])
    : Object.entries(value);
  for (const [key, item] of entries) leaves(item, path === '' ? key : `${path}.${key}`, out);
};

/** `period,figure,value` rows: the current figures, then the previous period's when compared. */
export const toCsv = (parts: { readonly period: string; readonly figures: unknown }[]): string => {
  const rows: string[] = ['period,figure,value'];
  for (const { period, figures } of parts) {
    const out: [string, Cell][] = [];
    leaves(figures, '', out);
    for (const [path, value] of out) rows.push([cell(period), cell(path), cell(value)].join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
};
