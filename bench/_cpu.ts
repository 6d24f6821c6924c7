import { readdir, readFile } from 'node:fs/promises';

/**
 * CPU seconds used so far by each child of this process (every thread), named by `nameOf` from
 * its command line, and by this process itself as 'bench client'; Linux procfs (elsewhere only
 * the bench client). On two shared cores, throughput alone cannot say who is the bottleneck.
 */
export const childCpu = async (
  nameOf: (commandLine: string) => string,
): Promise<Map<string, number>> => {
  const used = new Map<string, number>();
  const pids = await readdir('/proc').catch(() => []);
  for (const pid of pids.filter((name) => /^\d+$/.test(name))) {
    const [stat, command] = await Promise.all([
      readFile(`/proc/${pid}/stat`, 'utf8').catch(() => ''),
      readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''),
    ]);
    // After the command name: state is field 3, ppid 4, utime 14 and stime 15, in 1/100 s.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) !== process.pid) continue;
    const name = nameOf(command);
    used.set(name, (used.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) / 100);
  }
  const own = process.cpuUsage();
  used.set('bench client', (own.user + own.system) / 1e6);
  return used;
};

/** CPU milliseconds per unit (order, event) each process spent between two `childCpu()` readings. */
export const cpuPerUnit = (
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
  units: number,
): Record<string, number> =>
  Object.fromEntries(
    [...after].map(([name, seconds]) => [
      name,
      ((seconds - (before.get(name) ?? 0)) * 1000) / Math.max(1, units),
    ]),
  );
