import { describe, expect, it } from 'vitest';
import { plainText } from './text.ts';

describe('plainText', () => {
  const reason = plainText(50);

  it('takes printable text in any script, trimmed', () => {
    expect(reason.parse('  changed my mind  ')).toBe('changed my mind');
    expect(reason.parse('Umzug nach Köln — 引っ越し 🚚')).toBe('Umzug nach Köln — 引っ越し 🚚');
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['ESC (terminal escapes)', '\u001b[31mred'],
    ['CR LF (log injection)', 'ok\r\nforged: line'],
    ['tab', 'a\tb'],
    ['DEL', 'a\u007fb'],
    ['a C1 control', 'a\u0085b'],
    ['a bidi override', 'abc\u202Egnp.exe'],
    ['a bidi isolate', 'a\u2066b\u2069'],
    ['a right-to-left mark', 'a\u200Fb'],
  ])('refuses %s', (_name, text) => {
    expect(reason.safeParse(text).success).toBe(false);
  });

  it('refuses empty and over-long text', () => {
    expect(reason.safeParse('   ').success).toBe(false);
    expect(reason.safeParse('x'.repeat(51)).success).toBe(false);
  });
});
