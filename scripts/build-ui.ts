import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

// `node scripts/build-ui.ts`: svelte-check (warnings fail it), tsc over the browser tests, then
// vite build, in ui/.
// `--if-stale`: only vite build, and only when ui/build is missing or older than its sources
// (what `npm start` runs first, so a fresh clone serves the UI).
// `--sync`: only svelte-kit sync, which writes the types and tsconfig (ui/.svelte-kit) that the
// lint of ui/ reads (what `npm run lint` runs first, so it works on a fresh clone).
const { values } = parseArgs({
  options: {
    'if-stale': { type: 'boolean', default: false },
    sync: { type: 'boolean', default: false },
  },
});

const root = new URL('..', import.meta.url).pathname;
const ui = join(root, 'ui');
const built = join(ui, 'build', 'handler.js');
const sources = ['src', 'static', 'vite.config.ts', 'package.json', 'tsconfig.json'];

const newest = (path: string): number => {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
};

const isStale = (): boolean =>
  !existsSync(built) ||
  Math.max(...sources.map((name) => newest(join(ui, name)))) > statSync(built).mtimeMs;

// Kit suggests `npm run preview`, which this project does not have: `npm start` serves the build.
const misleading = /npm run preview/;

const run = (what: string, script: string, args: string[]): void => {
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(root, 'node_modules', script), ...args], {
    cwd: ui,
    stdio: ['inherit', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = result.stdout
    .split('\n')
    .filter((line) => !misleading.test(line))
    .join('\n');
  if (output.trim() !== '') process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  if (result.status !== 0) {
    console.error(`build-ui: ${what} failed`);
    process.exit(result.status ?? 1);
  }
  console.log(`build-ui: ${what} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
};

if (values.sync) {
  run('svelte-kit sync', '@sveltejs/kit/svelte-kit.js', ['sync']);
  process.exit(0);
}
if (values['if-stale'] && !isStale()) process.exit(0);
if (!values['if-stale']) {
  run('svelte-kit sync', '@sveltejs/kit/svelte-kit.js', ['sync']);
  run('svelte-check', 'svelte-check/bin/svelte-check', [
    '--tsconfig',
    './tsconfig.json',
    '--fail-on-warnings',
    '--output',
    'human',
  ]);
  run('tsc (ui/e2e)', 'typescript/bin/tsc', ['-p', 'e2e/tsconfig.json']);
}
run('vite build', 'vite/bin/vite.js', ['build', '--logLevel', 'warn']);
