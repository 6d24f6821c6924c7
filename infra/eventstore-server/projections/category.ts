/** How the category projections cut a stream name: at the first or the last separator. */
export interface CategorySource {
  readonly at: 'first' | 'last';
  readonly separator: string;
}

const DEFAULT_SOURCE: CategorySource = { at: 'first', separator: '-' };
let lastParsed: { query: string; source: CategorySource } | undefined;

/**
 * The source text of `$by_category` and `$stream_by_category`: "first" or "last", a line break,
 * then the one-character separator (KurrentDB's default is "first" and "-"). An empty source is
 * the default; anything else unreadable is too, rather than a projection that links nothing.
 */
export const parseCategorySource = (query: string): CategorySource => {
  // Asked for every event with the same text: the last answer is kept.
  if (lastParsed?.query === query) return lastParsed.source;
  const [at = '', separator = ''] = query.split(/\r?\n/);
  let source = DEFAULT_SOURCE;
  if ((at === 'first' || at === 'last') && separator.length === 1) source = { at, separator };
  lastParsed = { query, source };
  return source;
};

/** Whether a source text names a cut and a one-character separator (what KurrentDB accepts). */
export const isCategorySource = (query: string): boolean => {
  const [at = '', separator = '', ...rest] = query.split(/\r?\n/);
  return (at === 'first' || at === 'last') && separator.length === 1 && rest.every((l) => l === '');
};

/** A stream's category: the part before the separator; none for system streams or no separator. */
export const categoryOf = (stream: string, source: CategorySource): string | undefined => {
  if (stream.startsWith('$')) return undefined;
  const index =
    source.at === 'first' ? stream.indexOf(source.separator) : stream.lastIndexOf(source.separator);
  return index > 0 ? stream.slice(0, index) : undefined;
};
