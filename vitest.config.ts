import { defineConfig } from 'vitest/config';

// Three projects, chosen by file name: *.unit.test.ts (pure, fast), *.int.test.ts (real servers
// from infra/test-servers), *.e2e.test.ts (the whole app, browser included).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{domain,projections,processes,api,infra,bench,scripts,ui}/**/*.unit.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'int',
          include: ['{domain,projections,processes,api,infra,bench,scripts}/**/*.int.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 180_000,
          globalSetup: ['infra/test-servers/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['{api,ui}/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          // Tests a file marks concurrent run two at a time: a browser's page and the app each
          // keep about one core busy, and CI has two.
          maxConcurrency: 2,
          globalSetup: ['infra/test-servers/global-setup.ts'],
        },
      },
    ],
  },
});
