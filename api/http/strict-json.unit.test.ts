import { describe, expect, it } from 'vitest';
import { DuplicateJsonKey, rejectDuplicateKeys } from './strict-json.ts';

describe('rejectDuplicateKeys', () => {
  it('passes JSON whose objects name each key once, at any depth', () => {
    expect(() => {
      rejectDuplicateKeys('{"lines":[{"sku":"A","quantity":1},{"sku":"A","quantity":2}]}');
    }).not.toThrow();
    expect(() => {
      rejectDuplicateKeys('{"a":{"x":1},"b":{"x":1}}');
    }).not.toThrow();
  });

  it('refuses a key repeated in one object, naming where', () => {
    expect(() => {
      rejectDuplicateKeys('{"quantity":-5,"quantity":1}');
    }).toThrow(new DuplicateJsonKey('quantity'));
    expect(() => {
      rejectDuplicateKeys('{"lines":[{"sku":"A","quantity":1,"quantity":9}]}');
    }).toThrow(new DuplicateJsonKey('lines.0.quantity'));
  });

  it('sees a key spelled with escapes as the same key', () => {
    expect(() => {
      rejectDuplicateKeys('{"reason":"a","re\\u0061son":"b"}');
    }).toThrow(DuplicateJsonKey);
  });
});
