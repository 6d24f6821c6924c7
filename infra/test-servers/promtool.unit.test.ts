import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findPromtool, testRules } from './promtool.ts';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../observability/testing/${name}`, import.meta.url));

describe('promtool test rules', () => {
  it('given a backlog above the threshold for longer than `for`, then the test expecting the alert passes', async () => {
    const { code, output } = await testRules([fixture('smoke-rules.test.yml')]);
    expect(output).toContain('SUCCESS');
    expect(code).toBe(0);
  });

  it('given a test that expects silence where the alert fires, then promtool exits non-zero naming the alert', async () => {
    const { code, output } = await testRules([fixture('smoke-rules.wrong.test.yml')]);
    expect(output).toContain('SmokeBacklogGrowing');
    expect(output).toContain('FAILED');
    expect(code).not.toBe(0);
  });

  it('given PROMTOOL names a file that does not exist, then finding promtool fails saying so', () => {
    expect(() => findPromtool({ PROMTOOL: '/nonexistent/promtool' })).toThrow(
      'PROMTOOL names /nonexistent/promtool, which does not exist',
    );
  });
});
