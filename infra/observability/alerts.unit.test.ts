import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runPromtool, testRules } from '../test-servers/promtool.ts';

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const rules = here('alerts.yaml');
const tests = here('alerts.test.yaml');

const alertNames = (text: string) =>
  [...text.matchAll(/^\s*- alert: (\w+)$/gm)].map((m) => m[1] ?? '');

/** Per alert name, whether some test expects it to fire and some expects it silent. */
const expectations = (text: string) => {
  const seen = new Map<string, { fires: boolean; silent: boolean }>();
  for (const match of text.matchAll(/alertname: (\w+)\n\s*exp_alerts:( \[\])?/g)) {
    const [, name = '', silent] = match;
    const entry = seen.get(name) ?? { fires: false, silent: false };
    if (silent === undefined) entry.fires = true;
    else entry.silent = true;
    seen.set(name, entry);
  }
  return seen;
};

describe('alert rules (infra/observability/alerts.yaml)', () => {
  it('are valid Prometheus rules', async () => {
    const { code, output } = await runPromtool(['check', 'rules', rules]);
    expect(output).toContain('SUCCESS');
    expect(code).toBe(0);
  });

  it('pass their specifications (promtool test rules alerts.test.yaml)', async () => {
    const { code, output } = await testRules([tests]);
    expect(output).toContain('SUCCESS');
    expect(code).toBe(0);
  });

  it('each alert has a specification where it fires and one where it stays silent', () => {
    const text = readFileSync(rules, 'utf8');
    const specified = expectations(readFileSync(tests, 'utf8'));
    const names = alertNames(text);
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const name of names)
      expect({ name, ...specified.get(name) }).toEqual({ name, fires: true, silent: true });
  });
});
