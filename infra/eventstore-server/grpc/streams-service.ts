import type { ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Logger } from '../../logger.ts';
import type { Store } from '../store/store.ts';
import { appendHandler, type AppendLimits } from './append-service.ts';
import { batchAppendHandler } from './batch-append-service.ts';
import type { SubscriptionRegistry } from './catch-up.ts';
import { deleteHandler, tombstoneHandler } from './delete-service.ts';
import { streamsGrpc } from './proto.ts';
import { readHandler } from './read-service.ts';

const generated = streamsGrpc.StreamsService;

/** Lets a method send pre-encoded messages (Buffers) beside generated ones. */
export const passEncoded =
  <T>(serialize: (value: T) => Buffer) =>
  (value: T | Buffer): Buffer =>
    Buffer.isBuffer(value) ? value : serialize(value);

/** The Streams service definition, with Read taught to send pre-encoded events. */
export const streamsDefinition: ServiceDefinition = {
  ...generated,
  read: { ...generated.read, responseSerialize: passEncoded(generated.read.responseSerialize) },
};

/** The Streams service: reads and catch-up subscriptions, appends, deletes. */
export const streamsService = (
  store: Store,
  subscriptions: SubscriptionRegistry,
  limits: AppendLimits,
  logger: Logger,
): UntypedServiceImplementation => ({
  read: readHandler(store, subscriptions, logger),
  append: appendHandler(store, limits, logger),
  batchAppend: batchAppendHandler(store, limits, logger),
  delete: deleteHandler(store, logger),
  tombstone: tombstoneHandler(store, logger),
});
