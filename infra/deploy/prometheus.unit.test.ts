import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runPromtool } from '../test-servers/promtool.ts';

const config = fileURLToPath(new URL('../observability/prometheus.yml', import.meta.url));

describe("the compose stack's Prometheus configuration", () => {
  it('given promtool, when it checks prometheus.yml, then the config and the alert rules it loads are valid', async () => {
    const { code, output } = await runPromtool(['check', 'config', config]);
    expect(output).toContain('SUCCESS: 1 rule files found');
    expect(code).toBe(0);
  });
});
