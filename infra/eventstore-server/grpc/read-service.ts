import type { ServerWritableStream } from '@grpc/grpc-js';
import type { Logger } from '../../logger.ts';
import { allRecords, resolve, streamRecords, viewStream } from '../store/reads.ts';
import type { EventRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { CallWriter } from './call-writer.ts';
import { CatchUpSubscription, type SubscriptionRegistry } from './catch-up.ts';
import { streamDeleted } from './errors.ts';
import { toServiceError } from './handlers.ts';
import type { streams } from './proto.ts';
import { streamNotFound } from './read-messages.ts';
import { readRequestOf, type ReadRequest } from './read-options.ts';
import { encodeReadEventResponse, type UuidMode } from './wire.ts';

type ReadReq = InstanceType<typeof streams.ReadReq>;
/** Read responses: events go out pre-encoded (see wire.ts), everything else as messages. */
export type ReadMessage = InstanceType<typeof streams.ReadResp> | Buffer;
export type ReadCall = ServerWritableStream<ReadReq, ReadMessage>;

/**
 * Streams.Read: reads of a stream or `$all` in either direction, and catch-up subscriptions.
 * Reads write a snapshot of what was committed when they started, with backpressure.
 */
export const readHandler =
  (store: Store, subscriptions: SubscriptionRegistry, logger: Logger) =>
  (call: ReadCall): void => {
    const writer = new CallWriter(call);
    let request: ReadRequest;
    try {
      request = readRequestOf(call.request);
    } catch (error) {
      writer.fail(toServiceError(error, logger, 'Streams.Read'));
      return;
    }
    const run = async (): Promise<void> => {
      switch (request.kind) {
        case 'read-stream':
          await readStreamTo(store, request, writer);
          return;
        case 'read-all':
          await readAllTo(store, request, writer);
          return;
        case 'subscribe-stream':
        case 'subscribe-all':
          await new CatchUpSubscription(store, request, writer, subscriptions).run();
          return;
      }
    };
    run().then(
      () => {
        if (request.kind === 'read-stream' || request.kind === 'read-all') writer.end();
      },
      (error: unknown) => {
        writer.fail(toServiceError(error, logger, 'Streams.Read'));
      },
    );
  };

const eventMessage = (
  store: Store,
  record: EventRecord,
  request: { uuid: UuidMode; resolveLinks: boolean },
) =>
  encodeReadEventResponse(resolve(store, record, request.resolveLinks), request.uuid, {
    commitPosition: record.position,
  });

const readStreamTo = async (
  store: Store,
  request: Extract<ReadRequest, { kind: 'read-stream' }>,
  writer: CallWriter<ReadReq, ReadMessage>,
): Promise<void> => {
  const view = viewStream(store, request.stream);
  if (view.kind === 'deleted') throw streamDeleted(request.stream);
  if (view.kind === 'not-found') {
    await writer.write(streamNotFound(request.stream));
    return;
  }
  await writeRecords(store, streamRecords(view, request.from, request.direction), request, writer);
};

const readAllTo = (
  store: Store,
  request: Extract<ReadRequest, { kind: 'read-all' }>,
  writer: CallWriter<ReadReq, ReadMessage>,
): Promise<void> => writeRecords(store, allRecords(store.all, request), request, writer);

const writeRecords = async (
  store: Store,
  records: Iterable<EventRecord>,
  request: { uuid: UuidMode; resolveLinks: boolean; maxCount: number },
  writer: CallWriter<ReadReq, ReadMessage>,
): Promise<void> => {
  let sent = 0;
  for (const record of records) {
    if (sent >= request.maxCount) return;
    if (!writer.send(eventMessage(store, record, request)) && !(await writer.drained())) return;
    sent++;
  }
};
