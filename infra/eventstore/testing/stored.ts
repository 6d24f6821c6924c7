import type { ResolvedEvent } from '@eventstore/db-client';

/** Metadata as the product writes it on every event. */
export const productMetadata = {
  $correlationId: 'order-1',
  $causationId: 'request-1',
  schemaVersion: 1,
  actor: 'alice',
  occurredAt: '2026-01-02T03:04:05.000Z',
};

/** A JSON event as the client hands it back from `stream` at `revision`. */
export const storedJson = (
  stream: string,
  revision: number,
  type: string,
  data: Record<string, unknown> | string,
  metadata: Record<string, unknown> = productMetadata,
): ResolvedEvent => ({
  event: {
    streamId: stream,
    id: `${stream}@${String(revision)}`,
    isJson: true,
    revision: BigInt(revision),
    type,
    created: new Date(Date.UTC(2026, 0, 2)),
    data,
    metadata,
    position: { commit: BigInt(100 + revision), prepare: BigInt(100 + revision) },
  },
});

/** An event stored as bytes (application/octet-stream), metadata as the product writes it. */
export const storedBinary = (
  stream: string,
  revision: number,
  type: string,
  data: Uint8Array,
): ResolvedEvent => ({
  event: {
    streamId: stream,
    id: `${stream}@${String(revision)}`,
    isJson: false,
    revision: BigInt(revision),
    type,
    created: new Date(Date.UTC(2026, 0, 2)),
    data,
    metadata: productMetadata,
  },
});
