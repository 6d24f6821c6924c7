import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compileFilter } from '../filters.ts';
import { openMemoryLog } from '../log/memory-log.ts';
import { ExpectedVersion } from '../store/records.ts';
import { Store } from '../store/store.ts';
import type { MessageSink } from './call-writer.ts';
import { CatchUpSubscription, SubscriptionRegistry } from './catch-up.ts';
import { streams } from './proto.ts';
import type { ReadRequest } from './read-options.ts';
import type { ReadMessage } from './read-service.ts';

/** A sink that records what a subscription sends, as the client would decode it. */
class RecordingSink implements MessageSink<ReadMessage> {
  readonly received: string[] = [];
  private readonly controller = new AbortController();
  get open() {
    return !this.controller.signal.aborted;
  }
  get signal() {
    return this.controller.signal;
  }
  send(message: ReadMessage): boolean {
    const response = Buffer.isBuffer(message)
      ? streams.ReadResp.deserializeBinary(message)
      : message;
    if (response.hasEvent()) {
      const event = response.getEvent()?.getEvent();
      this.received.push(event?.getMetadataMap().get('type') ?? '');
    } else if (response.hasCaughtUp()) this.received.push('caught-up');
    else if (response.hasCheckpoint())
      this.received.push(`checkpoint@${response.getCheckpoint()?.getCommitPosition() ?? ''}`);
    else if (response.hasConfirmation()) this.received.push('confirmed');
    return true;
  }
  drained = () => Promise.resolve(this.open);
  write = (message: ReadMessage) => Promise.resolve(this.send(message));
  end = () => {
    this.controller.abort();
  };
  fail = (error: Error) => {
    this.received.push(`error: ${error.message}`);
    this.controller.abort();
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const event = (type: string) => ({
  id: randomUUID(),
  type,
  isJson: true,
  data: Buffer.from('{}'),
  metadata: Buffer.alloc(0),
});

describe('catch-up subscription', () => {
  it('catches up, says so, then goes live with what follows: each event once, in order', async () => {
    const store = new Store(openMemoryLog().log, []);
    await store.append('s', ExpectedVersion.any, [event('A'), event('B')]);
    const sink = new RecordingSink();
    const request: ReadRequest = {
      kind: 'subscribe-stream',
      stream: 's',
      from: 'start',
      uuid: 'string',
      resolveLinks: false,
    };
    const running = new CatchUpSubscription(store, request, sink, new SubscriptionRegistry()).run();
    const appending = store.append('s', ExpectedVersion.any, [event('C')]);
    await settle();
    await appending;
    await store.append('s', ExpectedVersion.any, [event('D'), event('E')]);
    await settle();
    sink.end();
    await running;
    expect(sink.received.filter((m) => m !== 'caught-up')).toEqual([
      'confirmed',
      'A',
      'B',
      'C',
      'D',
      'E',
    ]);
    expect(sink.received).toContain('caught-up');
  });

  it('starts after the revision it is given, and reports a tombstone as an error', async () => {
    const store = new Store(openMemoryLog().log, []);
    await store.append('s', ExpectedVersion.any, [event('A'), event('B'), event('C')]);
    const sink = new RecordingSink();
    const request: ReadRequest = {
      kind: 'subscribe-stream',
      stream: 's',
      from: 1,
      uuid: 'string',
      resolveLinks: false,
    };
    const running = new CatchUpSubscription(store, request, sink, new SubscriptionRegistry()).run();
    await settle();
    await store.tombstone('s', ExpectedVersion.any);
    await running;
    expect(sink.received[1]).toBe('C');
    expect(sink.received[sink.received.length - 1]).toMatch(/error: .*is deleted/);
  });

  it('checkpoints a filtered $all subscription every interval of events considered', async () => {
    const store = new Store(openMemoryLog().log, []);
    await store.append('other', ExpectedVersion.any, [event('X'), event('X'), event('X')]);
    await store.append('mine', ExpectedVersion.any, [event('A')]);
    const sink = new RecordingSink();
    const request: ReadRequest = {
      kind: 'subscribe-all',
      from: 'start',
      uuid: 'string',
      resolveLinks: false,
      filter: compileFilter({ on: 'stream', regex: '', prefixes: ['mine'] }, { allStream: false }),
      checkpointInterval: 2,
    };
    const running = new CatchUpSubscription(store, request, sink, new SubscriptionRegistry()).run();
    await settle();
    sink.end();
    await running;
    const positions = store.all.map((record) => record.position);
    expect(sink.received).toEqual([
      'confirmed',
      `checkpoint@${positions[1] ?? ''}`,
      'A',
      `checkpoint@${positions[3] ?? ''}`,
      'caught-up',
      `checkpoint@${positions[3] ?? ''}`,
    ]);
  });
});
