import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintDockerfile } from './hadolint.ts';

const path = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));
const dockerfile = path('../../Dockerfile');
const text = readFileSync(dockerfile, 'utf8');
const runtimeStage = text.slice(text.indexOf('AS runtime'));

describe('the Dockerfile', () => {
  it('given hadolint, when it lints the Dockerfile, then it finds nothing, not even a style note', async () => {
    expect(await lintDockerfile(dockerfile)).toEqual([]);
  });

  it('given hadolint, when it lints a Dockerfile with known faults, then it reports them', async () => {
    const codes = (await lintDockerfile(path('testing/bad.Dockerfile'))).map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['DL3007', 'DL3008', 'DL3003', 'DL3025']));
  });

  it('given the runtime stage, then it has production dependencies only, the built UI, and no root', () => {
    expect(runtimeStage).toMatch(/^RUN npm ci --omit=dev /m);
    expect(runtimeStage).toMatch(/^COPY --from=build \/app\/ui\/build\/ ui\/build\/$/m);
    expect(runtimeStage).toMatch(/^USER 1000:1000$/m);
    expect(runtimeStage).toMatch(/^HEALTHCHECK .*\n.*\/health/m);
    expect(runtimeStage).toMatch(/^ENTRYPOINT \["node", "api\/main.ts"\]$/m);
  });

  it('given the build context, then host installs, builds, tests and tools stay out of it', () => {
    const ignored = readFileSync(path('../../.dockerignore'), 'utf8').split('\n');
    for (const entry of ['**/node_modules', 'ui/build', '.tools', '**/*.test.ts', '**/testing'])
      expect(ignored).toContain(entry);
  });
});
