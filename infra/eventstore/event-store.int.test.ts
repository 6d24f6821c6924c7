import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { serverUrl } from '../test-servers/use-server.ts';
import type { DomainEvent, EventCodec } from './codec.ts';
import { connectEventStore } from './event-store.ts';

const anything: EventCodec<DomainEvent> = {
  handles: () => true,
  parse: (type, _version, data) => ({ type, data }),
  currentVersion: () => 1,
};

describe('the event store wrapper', () => {
  it('reads the head of $all and leaves no call open behind it (/ready asks often)', async () => {
    const store = connectEventStore(serverUrl('eventstore'));
    const appended = await store.append(
      `head-${randomUUID()}`,
      [
        {
          event: { type: 'Noted', data: {} },
          metadata: {
            $correlationId: 'c',
            $causationId: 'r',
            actor: 'tester',
            occurredAt: new Date().toISOString(),
          },
        },
      ],
      anything,
      'no_stream',
    );
    for (let i = 0; i < 5; i++) {
      const head = await store.headPosition();
      expect(head?.commit).toBeGreaterThanOrEqual(appended.position?.commit ?? Infinity);
    }
    // The client's dispose() waits for every call it thinks open: it must not wait at all here.
    const started = performance.now();
    await store.client.dispose();
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
