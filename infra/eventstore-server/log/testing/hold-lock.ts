// Test support only: a process that takes a data directory's lock and holds it until killed.
// `node hold-lock.ts <dir>` prints `locked <pid>` once it holds it, or the refusal and exits 1.
import { lockDataDir } from '../lock.ts';

const dir = process.argv[2];
if (dir === undefined) {
  console.error('usage: node hold-lock.ts <dir>');
  process.exit(2);
}
try {
  await lockDataDir(dir);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
console.log(`locked ${process.pid}`);
setInterval(() => undefined, 60_000);
