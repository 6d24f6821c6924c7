import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const mainScript = fileURLToPath(new URL('./main.ts', import.meta.url));
const repository = fileURLToPath(new URL('../..', import.meta.url));

/** The embedded server running in a child process. */
export interface ChildEventStore {
  readonly connectionString: string;
  readonly process: ChildProcess;
  /** Every line the child logged so far (JSON), stdout and stderr. */
  readonly lines: readonly string[];
  /** SIGTERM and wait for a graceful exit. */
  stop(): Promise<void>;
  /** SIGKILL (to its whole process group with `npmScript`): a crash, nothing flushed or closed. */
  kill(): Promise<void>;
}

/**
 * Starts `node infra/eventstore-server/main.ts` on a data directory and an ephemeral port, and
 * resolves with its connection string once it logs that it listens.
 */
export const spawnEventStore = async (
  dataDir: string,
  options: { timeoutMs?: number; logLevel?: string; npmScript?: boolean } = {},
): Promise<ChildEventStore> => {
  const args = ['--port', '0', '--data-dir', dataDir];
  // With npmScript, `npm run eventstore` as a shell runs it: npm, sh and node in a process group
  // of their own, which kill() kills whole, the way `kill -9 -<pgid>` does.
  const [command, argv] = options.npmScript
    ? ['npm', ['run', '--silent', 'eventstore', '--', ...args]]
    : [process.execPath, [mainScript, ...args]];
  const child = spawn(command, argv, {
    cwd: repository,
    env: { ...process.env, LOG_LEVEL: options.logLevel ?? 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.npmScript ?? false,
  });
  const signal = (name: NodeJS.Signals) => {
    if (!options.npmScript || child.pid === undefined) child.kill(name);
    else
      try {
        process.kill(-child.pid, name);
      } catch {
        // ESRCH: every process of the group has exited already.
      }
  };
  const lines: string[] = [];
  const exited = once(child, 'exit');
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(
          `the event store did not start within ${options.timeoutMs ?? 15_000} ms:\n${lines.join('\n')}`,
        ),
      );
    }, options.timeoutMs ?? 15_000);
    const read = (line: string) => {
      lines.push(line);
      const match = /"connectionString":"([^"]+)"/.exec(line);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    createInterface({ input: child.stdout }).on('line', read);
    createInterface({ input: child.stderr }).on('line', read);
    void exited.then(([code]) => {
      clearTimeout(timer);
      reject(
        new Error(
          `the event store exited (${String(code)}) before listening:\n${lines.join('\n')}`,
        ),
      );
    });
  });
  let connectionString: string;
  try {
    connectionString = await listening;
  } catch (error) {
    signal('SIGKILL');
    throw error;
  }
  const end = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) signal(name);
    await exited;
  };
  return {
    connectionString,
    process: child,
    lines,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  };
};
