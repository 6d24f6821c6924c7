// The date range and compare mode, as the address holds them: `range` is a preset (default 30
// days, left out), `from` and `to` only for a custom range, `compare=previous` only when on.
// Days are UTC calendar days, as the analytics API counts them.

export const presets = ['today', '7', '30', '90', 'custom'] as const;
export type Preset = (typeof presets)[number];
export const presetLabels: Record<Preset, string> = {
  today: 'Today',
  '7': 'Last 7 days',
  '30': 'Last 30 days',
  '90': 'Last 90 days',
  custom: 'Custom',
};

export interface RangeChoice {
  readonly preset: Preset;
  /** Inclusive UTC days 'YYYY-MM-DD'. */
  readonly from: string;
  readonly to: string;
  readonly compare: boolean;
}

const dayMs = 86_400_000;
const isDay = (text: string | null): text is string =>
  text !== null && /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text));
export const dayOf = (time: number): string => new Date(time).toISOString().slice(0, 10);
const minus = (day: string, days: number): string => dayOf(Date.parse(day) - days * dayMs);

/** The range the address asks for; a custom range it cannot read falls back to 30 days. */
export const rangeOf = (params: URLSearchParams, now: Date): RangeChoice => {
  const today = dayOf(now.getTime());
  const compare = params.get('compare') === 'previous';
  const asked = presets.find((preset) => preset === params.get('range')) ?? '30';
  const from = params.get('from');
  const to = params.get('to');
  if (asked === 'custom' && isDay(from) && isDay(to) && from <= to)
    return { preset: 'custom', from, to, compare };
  const preset = asked === 'custom' ? '30' : asked;
  const days = preset === 'today' ? 1 : Number(preset);
  return { preset, from: minus(today, days - 1), to: today, compare };
};

/** The address's query (no `?`) for a range, defaults left out; `extra` first (e.g. category). */
export const searchOfRange = (range: RangeChoice, extra: Record<string, string> = {}): string => {
  const entries: [string, string][] = Object.entries(extra).filter(([, value]) => value !== '');
  if (range.preset !== '30') entries.push(['range', range.preset]);
  if (range.preset === 'custom') entries.push(['from', range.from], ['to', range.to]);
  if (range.compare) entries.push(['compare', 'previous']);
  return new URLSearchParams(entries).toString();
};

/** What the API is asked: the days and the compare mode. */
export const apiRangeOf = (range: RangeChoice) => ({
  from: range.from,
  to: range.to,
  compare: range.compare ? 'previous' : 'none',
});
