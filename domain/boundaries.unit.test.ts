import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = import.meta.dirname;
const sources = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => ({ file, text: readFileSync(join(root, file), 'utf8') }));

/** Test files and the helpers only they use (given/when/then, fixtures, the seeded PRNG). */
const isTestSupport = (file: string): boolean =>
  file.endsWith('.test.ts') || /(^|\/)(spec|fixtures|prng)\.ts$/.test(file);
const production = sources.filter(({ file }) => !isTestSupport(file));

const importsOf = (text: string): string[] =>
  [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1] ?? '');

describe('domain/ boundaries', () => {
  it('finds the domain sources', () => {
    expect(production.map(({ file }) => file)).toContain('order/decide.ts');
  });

  it('imports nothing from outside domain/ but zod', () => {
    for (const { file, text } of production) {
      for (const specifier of importsOf(text)) {
        if (specifier === 'zod') continue;
        expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\.?\/.*\.ts$/);
        const target = relative(root, resolve(root, dirname(file), specifier));
        expect(target.startsWith('..'), `${file} reaches out to ${specifier}`).toBe(false);
        expect(isTestSupport(target), `${file} imports test support ${target}`).toBe(false);
      }
    }
  });

  it('takes time, ids and randomness from commands, never from the machine', () => {
    for (const { file, text } of production) {
      for (const impure of ['Date.now', 'new Date(', 'Math.random', 'randomUUID', 'performance.']) {
        expect(text.includes(impure), `${file} uses ${impure}`).toBe(false);
      }
    }
  });
});
