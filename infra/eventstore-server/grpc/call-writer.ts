import { once } from 'node:events';
import type { ServerWritableStream } from '@grpc/grpc-js';

/** Where a server-streaming call's messages go; CallWriter is the real one. */
export interface MessageSink<Message> {
  readonly open: boolean;
  readonly signal: AbortSignal;
  send(message: Message): boolean;
  drained(): Promise<boolean>;
  write(message: Message): Promise<boolean>;
  end(): void;
  fail(error: Error): void;
}

/**
 * Writes to a server-streaming call with backpressure: waits for 'drain' only when the call's
 * buffer is full, and stops (resolving false) once the call is cancelled or closed.
 */
export class CallWriter<Request, Message> implements MessageSink<Message> {
  private readonly call: ServerWritableStream<Request, Message>;
  private readonly aborted = new AbortController();

  constructor(call: ServerWritableStream<Request, Message>) {
    this.call = call;
    const abort = () => {
      this.aborted.abort();
    };
    call.on('cancelled', abort);
    call.on('close', abort);
    call.on('error', abort);
  }

  /** True while the call can still be written to. */
  get open(): boolean {
    return !this.aborted.signal.aborted && !this.call.writableEnded;
  }

  /** The signal that fires when the call goes away. */
  get signal(): AbortSignal {
    return this.aborted.signal;
  }

  /**
   * Writes a message without waiting; false when the call's buffer is full (or the call is gone),
   * in which case `drained()` says when to go on. Synchronous on purpose: reads send one message
   * per event and must not pay a promise for each.
   */
  send(message: Message): boolean {
    if (!this.open) return false;
    return this.call.write(message);
  }

  /** Resolves once the call's buffer drained: true to go on, false when the call went away. */
  async drained(): Promise<boolean> {
    if (!this.open) return false;
    if (!this.call.writableNeedDrain) return true;
    try {
      await once(this.call, 'drain', { signal: this.aborted.signal });
      return this.open;
    } catch {
      return false;
    }
  }

  /** Writes a message, waiting for room when needed; resolves false when the call went away. */
  async write(message: Message): Promise<boolean> {
    return this.send(message) || this.drained();
  }

  /** Ends the call successfully. */
  end(): void {
    if (!this.call.writableEnded) this.call.end();
  }

  /** Ends the call with an error status. */
  fail(error: Error): void {
    if (!this.call.writableEnded) this.call.emit('error', error);
  }
}
