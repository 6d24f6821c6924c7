import { readdir } from 'node:fs/promises';

// `npm run bench -- <name> [options]` runs bench/<name>.ts, whose module body is the benchmark.
const available = (await readdir(import.meta.dirname))
  .filter((file) => file.endsWith('.ts') && !file.includes('.test.') && file !== 'main.ts')
  .filter((file) => !file.startsWith('_'))
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

const name = process.argv[2];
if (name === undefined || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join('|')}> [options]`);
  process.exit(2);
}
await import(`./${name}.ts`);
