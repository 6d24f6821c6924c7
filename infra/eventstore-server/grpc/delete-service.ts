import type { handleUnaryCall } from '@grpc/grpc-js';
import type { Logger } from '../../logger.ts';
import { ExpectedVersion } from '../store/records.ts';
import type { DeleteOutcome, Store } from '../store/store.ts';
import { invalidArgument, streamDeleted, wrongExpectedVersion } from './errors.ts';
import { streamName, unary } from './handlers.ts';
import { streams } from './proto.ts';
import { checkStreamName, expectedRevisionOf } from './proposed.ts';

interface ExpectedOptions {
  hasRevision(): boolean;
  getRevision(): string;
  hasNoStream(): boolean;
  hasAny(): boolean;
  hasStreamExists(): boolean;
}

const expectedOf = (options: ExpectedOptions): number => {
  if (options.hasRevision()) return expectedRevisionOf(options.getRevision());
  if (options.hasNoStream()) return ExpectedVersion.noStream;
  if (options.hasStreamExists()) return ExpectedVersion.streamExists;
  if (options.hasAny()) return ExpectedVersion.any;
  throw invalidArgument('A delete needs an expected stream revision.');
};

const positionOf = <
  P extends { setCommitPosition(v: string): P; setPreparePosition(v: string): P },
>(
  Position: new () => P,
  stream: string,
  operation: string,
  outcome: DeleteOutcome,
): P => {
  if (outcome.kind === 'stream-deleted') throw streamDeleted(stream);
  if (outcome.kind === 'wrong-expected-version') {
    throw wrongExpectedVersion(operation, stream, outcome.expected, outcome.current);
  }
  return new Position()
    .setCommitPosition(String(outcome.position))
    .setPreparePosition(String(outcome.position));
};

type DeleteReq = InstanceType<typeof streams.DeleteReq>;
type DeleteResp = InstanceType<typeof streams.DeleteResp>;
type TombstoneReq = InstanceType<typeof streams.TombstoneReq>;
type TombstoneResp = InstanceType<typeof streams.TombstoneResp>;

/** Streams.Delete: a soft delete (the stream reads as not found until written again). */
export const deleteHandler = (
  store: Store,
  logger: Logger,
): handleUnaryCall<DeleteReq, DeleteResp> =>
  unary(logger, 'Streams.Delete', async (request: DeleteReq) => {
    const options = request.getOptions();
    if (options === undefined) throw invalidArgument('A delete needs its options.');
    const stream = checkStreamName(streamName(options.getStreamIdentifier()));
    const outcome = await store.softDelete(stream, expectedOf(options));
    const response = new streams.DeleteResp();
    response.setPosition(positionOf(streams.DeleteResp.Position, stream, 'Delete', outcome));
    return response;
  });

/** Streams.Tombstone: a hard delete, for good. */
export const tombstoneHandler = (
  store: Store,
  logger: Logger,
): handleUnaryCall<TombstoneReq, TombstoneResp> =>
  unary(logger, 'Streams.Tombstone', async (request: TombstoneReq) => {
    const options = request.getOptions();
    if (options === undefined) throw invalidArgument('A tombstone needs its options.');
    const stream = checkStreamName(streamName(options.getStreamIdentifier()));
    const outcome = await store.tombstone(stream, expectedOf(options));
    const response = new streams.TombstoneResp();
    response.setPosition(positionOf(streams.TombstoneResp.Position, stream, 'Tombstone', outcome));
    return response;
  });
