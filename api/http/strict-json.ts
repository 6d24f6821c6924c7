import { visit } from 'jsonc-parser';

/** A JSON body that names one key twice in an object; JSON.parse would keep the last silently. */
export class DuplicateJsonKey extends Error {
  /** body-parser's convention: the error middleware maps errors by their `type` and `status`. */
  readonly type = 'entity.duplicate.key';
  readonly status = 400;
  readonly path: string;
  constructor(path: string) {
    super(`the key ${path} appears more than once`);
    this.name = 'DuplicateJsonKey';
    this.path = path;
  }
}

/**
 * Throws DuplicateJsonKey when an object in the JSON text repeats a key. Only that: whether the
 * text is JSON at all is left to JSON.parse, which runs next.
 */
export const rejectDuplicateKeys = (text: string): void => {
  const seen: Set<string>[] = [];
  const path: (string | number)[] = [];
  visit(text, {
    onObjectBegin: () => {
      seen.push(new Set());
    },
    onObjectEnd: () => {
      seen.pop();
    },
    onObjectProperty: (property, _offset, _length, _line, _column, pathSupplier) => {
      const keys = seen.at(-1);
      if (keys === undefined) return;
      if (keys.has(property)) {
        path.push(...pathSupplier(), property);
        throw new DuplicateJsonKey(path.map(String).join('.'));
      }
      keys.add(property);
    },
  });
};
