import { open, rm } from 'node:fs/promises';
import { waitForKafka } from './kafka-broker.ts';
import { prepareBroker, type PreparedBroker } from './kafka-local-setup.ts';
import { findJava, spawnJava, type Java, type JavaProcess } from './java.ts';
import type { SecuredKafkaListener, SecuredKafkaOptions } from './kafka-secured.ts';

export { localKafkaVersion } from './kafka-local-setup.ts';

const stopGraceMs = 10_000;

export interface LocalKafkaOptions {
  /** How long each start may take before it fails with the broker's last log lines; 60 s. */
  readonly readyTimeoutMs?: number;
}

/**
 * A single-node KRaft broker+controller in a JVM on this machine, listening on 127.0.0.1 only.
 * Its data, configuration and log live in one temporary directory until `dispose()`.
 */
export interface LocalKafka {
  /** The broker list for clients, `127.0.0.1:<port>`; the same across restarts. */
  readonly brokers: string;
  /** The broker's own output (log4j at INFO), kept across restarts. */
  readonly logFile: string;
  /**
   * Stops the broker, keeping its data and port for `start()`: SIGTERM (a controlled shutdown),
   * then SIGKILL after 10 s; or SIGKILL at once with `{ crash: true }`.
   */
  stop(options?: { crash?: boolean }): Promise<void>;
  /** Starts the broker (again) on the same port and data; resolves once it answers clients. */
  start(): Promise<void>;
  /** Freezes the JVM (SIGSTOP): connections stay open but nothing answers, like a hung broker. */
  pause(): void;
  /** Lets a paused broker run on (SIGCONT). */
  resume(): void;
  /** Stops the broker and deletes its directory. */
  dispose(): Promise<void>;
}

/**
 * Starts a Kafka broker on this machine with its `java`, provisioning the jars first
 * (infra/provision/kafka.sh) if they are missing. Rejects with an Error naming what is missing, or
 * with the broker's last log lines when it does not answer in time. Fault tests should each start
 * their own: stopping the shared broker would break the tests running beside them.
 */
export const startLocalKafka = (options: LocalKafkaOptions = {}): Promise<LocalKafka> =>
  startBroker(options);

/** A local broker that also has a SASL_SSL listener (see `SecuredKafkaListener`). */
export interface SecuredLocalKafka extends LocalKafka {
  readonly secured: SecuredKafkaListener;
}

/**
 * `startLocalKafka` with a second listener, SASL_SSL, for `secured.users`, its certificates made
 * for it. Always a broker of the caller's own: the shared one stays plaintext.
 */
export const startSecuredLocalKafka = async (
  secured: SecuredKafkaOptions,
  options: LocalKafkaOptions = {},
): Promise<SecuredLocalKafka> => {
  const broker = await startBroker(options, secured);
  if (broker.secured === undefined) throw new Error('the broker has no secured listener');
  return Object.assign(broker, { secured: broker.secured });
};

const startBroker = async (
  options: LocalKafkaOptions,
  secured?: SecuredKafkaOptions,
): Promise<LocalBroker> => {
  const java = await findJava(17);
  const prepared = await prepareBroker(java, secured);
  const broker = new LocalBroker(java, prepared, options.readyTimeoutMs ?? 60_000);
  try {
    await broker.start();
  } catch (error) {
    await broker.dispose();
    throw error;
  }
  return broker;
};

class LocalBroker implements LocalKafka {
  readonly brokers: string;
  readonly logFile: string;
  readonly secured: SecuredKafkaListener | undefined;
  readonly #java: Java;
  readonly #prepared: PreparedBroker;
  readonly #readyTimeoutMs: number;
  #jvm: JavaProcess | undefined;

  constructor(java: Java, prepared: PreparedBroker, readyTimeoutMs: number) {
    this.brokers = prepared.brokers;
    this.logFile = prepared.logFile;
    this.secured = prepared.secured;
    this.#java = java;
    this.#prepared = prepared;
    this.#readyTimeoutMs = readyTimeoutMs;
  }

  async start(): Promise<void> {
    if (this.#jvm && this.#jvm.exitReason() === undefined) return;
    const jvm = spawnJava(this.#java, this.#prepared.launch, {
      logFile: this.logFile,
      orphanDir: this.#prepared.dir,
    });
    this.#jvm = jvm;
    try {
      await waitForKafka(this.brokers, {
        timeoutMs: this.#readyTimeoutMs,
        gaveUp: () => {
          const exit = jvm.exitReason();
          return exit === undefined ? undefined : `its JVM ended (${exit})`;
        },
      });
    } catch (error) {
      await jvm.stop(0);
      const message = error instanceof Error ? error.message : String(error);
      const logLines = await tail(this.logFile);
      throw new Error(`${message}; the last lines of ${this.logFile}:\n${logLines}`, {
        cause: error,
      });
    }
  }

  async stop(options: { crash?: boolean } = {}): Promise<void> {
    await this.#jvm?.stop(options.crash ? 0 : stopGraceMs);
  }

  pause(): void {
    this.#jvm?.signal('SIGSTOP');
  }

  resume(): void {
    this.#jvm?.signal('SIGCONT');
  }

  async dispose(): Promise<void> {
    await this.stop();
    await rm(this.#prepared.dir, { recursive: true, force: true });
  }
}

const tail = async (file: string, bytes = 6_000): Promise<string> => {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return '(no log file)';
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - bytes);
    const { buffer, bytesRead } = await handle.read(
      Buffer.alloc(size - start),
      0,
      size - start,
      start,
    );
    const lines = buffer.subarray(0, bytesRead).toString().split('\n');
    // A cut-off first line would only mislead.
    const text = (start > 0 ? lines.slice(1) : lines).join('\n').trim();
    return text || '(nothing logged yet)';
  } finally {
    await handle.close();
  }
};
