// Test support only: stored events as the runner hands them to the bridge.
import type { RecordedDomainEvent } from '../../../infra/eventstore/recorded.ts';
import type { BridgedEvent } from '../mapping.ts';
import type { StoredEvent } from '../stored-codec.ts';

export const recordedAt = new Date(Date.UTC(2025, 2, 1, 10, 0));

/** A decoded event at `revision` of `stream`, with metadata as the product writes it. */
export const recorded = (
  stream: string,
  revision: number,
  event: StoredEvent,
  extra: { id?: string; commit?: number; schemaVersion?: number } = {},
): RecordedDomainEvent<StoredEvent> => ({
  id: extra.id ?? `${stream}@${revision}`,
  stream,
  revision,
  position:
    extra.commit === undefined ? undefined : { commit: extra.commit, prepare: extra.commit },
  recordedAt,
  event,
  metadata: {
    $correlationId: 'ord-1',
    $causationId: 'req-7',
    schemaVersion: extra.schemaVersion ?? 1,
    actor: 'cust-1',
    occurredAt: recordedAt.toISOString(),
  },
});

/** A bridged event with only what ordering and counting look at. */
export const bridged = (
  stream: string,
  revision: number,
  id = `${stream}@${revision}`,
): BridgedEvent => ({
  id,
  stream,
  revision,
  commitPosition: revision * 100,
  message: { topic: 'orders.test', key: stream, value: `{"revision":${revision}}`, headers: {} },
});
