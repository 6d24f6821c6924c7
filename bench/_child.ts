import { spawn, type ChildProcess } from 'node:child_process';

export interface ChildServer {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a Node script and waits for the first line matching `pattern` on its stdout (the URL). */
export const startChild = async (script: string, args: readonly string[], env: Record<string, string>, pattern: RegExp): Promise<ChildServer> => {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not start: ${seen.slice(-2000)}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${String(code)}: ${seen.slice(-2000)}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
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
