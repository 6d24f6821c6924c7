// Test support only: the bridge as a child process that a test can kill.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BridgeIdentity } from './bridge.ts';

const script = fileURLToPath(new URL('./bridge-process.ts', import.meta.url));

export interface BridgeChild {
  /** Everything it wrote, for the failure message of a test. */
  output(): string;
  /** Whether it logged a line containing `text`. */
  logged(text: string): boolean;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts `bridge-process.ts` with this machine's node, on the given servers. */
export const spawnBridge = (
  eventstore: string,
  brokers: string,
  identity: BridgeIdentity,
): BridgeChild => {
  const child: ChildProcess = spawn(process.execPath, [script], {
    env: {
      ...process.env,
      EVENTSTORE_CONNECTION_STRING: eventstore,
      KAFKA_BROKERS: brokers,
      BRIDGE_IDENTITY: JSON.stringify(identity),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  return {
    output: () => output,
    logged: (text) => output.includes(text),
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
};
