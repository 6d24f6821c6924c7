import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { Socket } from 'node:net';

/** A local server running in the background, its stdout and stderr appended to a file. */
export interface BackgroundProcess {
  /** How it ended ("exit code 1", "signal SIGKILL"), or undefined while it runs. */
  exitReason(): string | undefined;
  /** SIGTERM, then SIGKILL once `graceMs` has passed; resolves once it has exited. */
  stop(graceMs: number): Promise<void>;
}

/**
 * Starts `command` with its output going to `logFile`. A watchdog shell kills it and removes
 * `orphanDir` should this process end without calling stop(), so no test server outlives its run.
 */
export const spawnInBackground = (
  command: string,
  args: readonly string[],
  output: { readonly logFile: string; readonly orphanDir: string },
  /** Runs it as this user (this process must be root), for servers that refuse to run as root. */
  user?: { readonly uid: number; readonly gid: number },
): BackgroundProcess => {
  const log = openSync(output.logFile, 'a');
  const child = spawn(command, args, { stdio: ['ignore', log, log], ...user });
  closeSync(log);
  let reason: string | undefined;
  const exited = new Promise<void>((resolve) => {
    const ended = (why: string): void => {
      reason ??= why;
      resolve();
    };
    child.once('error', (error) => {
      ended(`could not start: ${error.message}`);
    });
    child.once('exit', (code, signal) => {
      ended(signal ? `signal ${signal}` : `exit code ${code ?? 'unknown'}`);
    });
  });
  const pid = child.pid ?? -1;
  if (pid > 0) watchOver(pid, output.orphanDir, exited);
  return {
    exitReason: () => reason,
    async stop(graceMs) {
      if (reason === undefined) child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (reason === undefined) child.kill('SIGKILL');
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
};

// The watchdog holds a pipe from this process; the pipe closes however this process ends.
const watchOver = (pid: number, orphanDir: string, exited: Promise<void>): void => {
  const script = 'read _; kill -KILL "$1" 2>/dev/null; rm -rf -- "$2"';
  const watchdog = spawn('sh', ['-c', script, 'watchdog', `${pid}`, orphanDir], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.unref();
  if (watchdog.stdin instanceof Socket) watchdog.stdin.unref();
  // Once the server is gone its pid may be reused: the watchdog must not outlive it.
  void exited.then(() => watchdog.kill('SIGKILL'));
};
