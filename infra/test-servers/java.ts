import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';

/** A Java launcher found on this machine. */
export interface Java {
  readonly command: string;
  readonly major: number;
}

/** How to start a JVM: `java <jvmOptions> -cp <classpath> <mainClass> <args>`. */
export interface JavaLaunch {
  readonly classpath: string;
  readonly mainClass: string;
  readonly args: readonly string[];
  readonly jvmOptions: readonly string[];
}

/** A JVM running in the background, its output going to a file. */
export interface JavaProcess {
  readonly pid: number;
  /** Resolves, once the JVM has exited, with how it ended ("exit code 1", "signal SIGKILL"). */
  readonly exited: Promise<string>;
  /** How it ended, or undefined while it runs. */
  exitReason(): string | undefined;
  signal(signal: NodeJS.Signals): void;
  /**
   * SIGTERM (after SIGCONT, in case it was paused), then SIGKILL once `graceMs` has passed; with
   * `graceMs` 0, SIGKILL at once. Resolves once it has exited.
   */
  stop(graceMs: number): Promise<void>;
}

let launcher: Promise<{ command: string; major: number | undefined; output: string }> | undefined;

/**
 * The java launcher: $JAVA_HOME/bin/java when JAVA_HOME is set, else `java` on PATH. Rejects with
 * an Error saying what is missing when there is none, or it is older than `minimumMajor`.
 */
export const findJava = async (minimumMajor: number): Promise<Java> => {
  launcher ??= (async () => {
    const home = process.env.JAVA_HOME;
    const command = home ? join(home, 'bin', 'java') : 'java';
    const { code, output } = await runProcess(command, ['-version']);
    const major = code === 0 ? parseMajor(output) : undefined;
    return { command, major, output };
  })();
  const { command, major, output } = await launcher;
  if (major === undefined) {
    throw new Error(`no Java ${minimumMajor}+ runtime: \`${command} -version\` said: ${output}`);
  }
  if (major < minimumMajor) {
    throw new Error(`Java ${minimumMajor}+ is needed, ${command} is Java ${major}`);
  }
  return { command, major };
};

// "openjdk version "17.0.15" 2025-04-15" → 17; the old scheme "1.8.0_292" → 8.
const parseMajor = (versionOutput: string): number | undefined => {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match?.[1]) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
};

/** Runs a JVM to its end; rejects with the tail of its output when it exits unsuccessfully. */
export const runJava = async (java: Java, launch: JavaLaunch): Promise<string> => {
  const { code, output } = await runProcess(java.command, javaArguments(launch));
  if (code !== 0) {
    throw new Error(`${launch.mainClass} failed (${code}): ${output.slice(-2_000)}`);
  }
  return output;
};

/** Where a background JVM writes, and what goes with it if this process dies first. */
export interface JavaOutput {
  /** Its stdout and stderr, appended. */
  readonly logFile: string;
  /** A directory removed with the JVM when this process ends without stopping it. */
  readonly orphanDir?: string;
}

/** Starts a JVM in the background; see `watchOver` for what happens if this process dies. */
export const spawnJava = (java: Java, launch: JavaLaunch, output: JavaOutput): JavaProcess => {
  const log = openSync(output.logFile, 'a');
  const child = spawn(java.command, javaArguments(launch), { stdio: ['ignore', log, log] });
  closeSync(log);
  let reason: string | undefined;
  const exited = new Promise<string>((resolve) => {
    const ended = (why: string): void => {
      reason ??= why;
      resolve(reason);
    };
    child.once('error', (error) => {
      ended(`could not start: ${error.message}`);
    });
    child.once('exit', (code, signal) => {
      ended(signal ? `signal ${signal}` : `exit code ${code ?? 'unknown'}`);
    });
  });
  const pid = child.pid ?? -1;
  if (pid > 0) watchOver(pid, output.orphanDir ?? '', exited);
  const signal = (name: NodeJS.Signals): void => {
    if (reason === undefined) child.kill(name);
  };
  return {
    pid,
    exited,
    exitReason: () => reason,
    signal,
    async stop(graceMs) {
      signal('SIGCONT');
      signal(graceMs > 0 ? 'SIGTERM' : 'SIGKILL');
      const timer = setTimeout(() => {
        signal('SIGKILL');
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
};

/**
 * A watchdog shell holds a pipe from this process. When the pipe closes (this process ended, however
 * abruptly, without stopping the JVM) it kills the JVM and removes `orphanDir`, so a test run that
 * dies without its teardown leaves no broker and no data behind.
 */
const watchOver = (pid: number, orphanDir: string, exited: Promise<string>): void => {
  const script = 'read _; kill -KILL "$1" 2>/dev/null; [ -z "$2" ] || rm -rf -- "$2"';
  const watchdog = spawn('sh', ['-c', script, 'watchdog', `${pid}`, orphanDir], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.unref();
  if (watchdog.stdin instanceof Socket) watchdog.stdin.unref();
  // Once the JVM is gone its pid may be reused: the watchdog must not outlive it.
  void exited.then(() => watchdog.kill('SIGKILL'));
};

const javaArguments = (launch: JavaLaunch): string[] => [
  ...launch.jvmOptions,
  '-cp',
  launch.classpath,
  launch.mainClass,
  ...launch.args,
];

/** Runs a command to its end, with stdout and stderr together; never rejects. */
export const runProcess = (
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | string; output: string }> =>
  new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('error', (error) => {
      resolve({ code: error.message, output: error.message });
    });
    child.once('close', (code, signal) => {
      resolve({ code: code ?? signal ?? 'unknown', output: Buffer.concat(chunks).toString() });
    });
  });
