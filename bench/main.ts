import { readdir } from 'node:fs/promises';

// `npm run bench -- <name> [options]` runs bench/<name>.ts, whose module body is the benchmark.
// Peers (the same flow written with another library) live under bench/peer/ with their own entry.
const peers: Record<string, string> = { emmett: './peer/emmett/bench.ts' };
const available = (await readdir(import.meta.dirname))
  .filter((file) => file.endsWith('.ts') && !file.includes('.test.') && file !== 'main.ts')
  .filter((file) => !file.startsWith('_'))
  .map((file) => file.slice(0, -'.ts'.length))
  .concat(Object.keys(peers))
  .sort();

const name = process.argv[2];
if (name === undefined || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join('|')}> [options]`);
  process.exit(2);
}
await import(peers[name] ?? `./${name}.ts`);
