import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface ChildServer {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts a Node script and, given a pattern, waits for it on the script's stdout (its URL, in the
 * first group if there is one). Without a pattern it returns at once.
 */
export const startChild = async (
  script: string,
  args: readonly string[],
  env: Record<string, string>,
  pattern?: RegExp,
): Promise<ChildServer> => {
  const child = spawn(process.execPath, [script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', () => undefined); // always drained, so a chatty child never blocks
    if (pattern === undefined) {
      resolve('');
      return;
    }
    const timer = setTimeout(() => {
      reject(new Error(`${script} did not start: ${seen.slice(-2000)}`));
    }, 60_000);
    child.once('exit', (code) => {
      reject(new Error(`${script} exited with ${String(code)}: ${seen.slice(-2000)}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] ?? match[0]);
      }
    });
  });
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
};

/** A TCP port that was free a moment ago on 127.0.0.1. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });

/** Polls a URL until it answers 2xx, or throws after `timeoutMs`. */
export const waitForHttp = async (url: string, timeoutMs = 60_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};
