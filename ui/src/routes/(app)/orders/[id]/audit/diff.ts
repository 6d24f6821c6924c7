/** One difference between the state before and after an event, at a readable path. */
export interface Change {
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before: string;
  readonly after: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Leaves by path: "order.status", "stock.SKU-1.reserved", "order.lines[0].quantity".
const flatten = (value: unknown, path: string, into: Map<string, string>): Map<string, string> => {
  if (Array.isArray(value)) {
    if (value.length === 0 && path !== '') into.set(path, '[]');
    value.forEach((item, index) => flatten(item, `${path}[${index}]`, into));
  } else if (isRecord(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0 && path !== '') into.set(path, '{}');
    for (const key of keys) flatten(value[key], path === '' ? key : `${path}.${key}`, into);
  } else if (value !== undefined) {
    into.set(
      path,
      value === null ? 'null' : typeof value === 'string' ? value : JSON.stringify(value),
    );
  }
  return into;
};

/** What an event changed: the state after it compared with the state after the one before. */
export const diff = (before: unknown, after: unknown): Change[] => {
  const a = flatten(before, '', new Map());
  const b = flatten(after, '', new Map());
  const changes: Change[] = [];
  for (const [path, value] of b) {
    const old = a.get(path);
    if (old === undefined) changes.push({ path, kind: 'added', before: '', after: value });
    else if (old !== value) changes.push({ path, kind: 'changed', before: old, after: value });
  }
  for (const [path, value] of a) {
    if (!b.has(path)) changes.push({ path, kind: 'removed', before: value, after: '' });
  }
  return changes;
};
