import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from './java.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Prometheus's promtool: the path in PROMTOOL if set, else the one infra/provision/promtool.sh
 * builds. Throws, so a test fails rather than skips, when it is not there.
 */
export const findPromtool = (env: Record<string, string | undefined> = process.env): string => {
  const configured = env.PROMTOOL;
  const path = configured || join(root, '.tools', 'bin', 'promtool');
  if (!existsSync(path)) {
    throw new Error(
      configured
        ? `PROMTOOL names ${configured}, which does not exist`
        : `no promtool at ${path}: run \`bash infra/provision/promtool.sh\` (builds it with Go ` +
            'from the Go module proxy) or set PROMTOOL to one',
    );
  }
  return path;
};

/** Runs promtool to its end with stdout and stderr together; rejects only if it cannot start. */
export const runPromtool = async (
  args: readonly string[],
): Promise<{ code: number | string; output: string }> => {
  const promtool = findPromtool();
  const result = await runProcess(promtool, args);
  if (typeof result.code === 'string' && !/^SIG/.test(result.code)) {
    throw new Error(`${promtool} could not start: ${result.output}`);
  }
  return result;
};

/** `promtool test rules <files>`: exit code 0 when every test in them passes. */
export const testRules = (testFiles: readonly string[]) =>
  runPromtool(['test', 'rules', ...testFiles]);
