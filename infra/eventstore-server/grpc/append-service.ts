import type { handleClientStreamingCall } from '@grpc/grpc-js';
import type { Logger } from '../../logger.ts';
import { ExpectedVersion, type ProposedEvent } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { appendResponse } from './append-responses.ts';
import { invalidArgument, maximumAppendSizeExceeded } from './errors.ts';
import { streamName, toServiceError } from './handlers.ts';
import type { streams } from './proto.ts';
import { checkStreamName, expectedRevisionOf, toProposedEvent } from './proposed.ts';

type AppendReq = InstanceType<typeof streams.AppendReq>;
type AppendResp = InstanceType<typeof streams.AppendResp>;

export interface AppendLimits {
  /** EventStoreDB's MaxAppendSize: the most bytes one append may carry (1 MiB by default). */
  readonly maxAppendSize: number;
}

const expectedOf = (options: InstanceType<typeof streams.AppendReq.Options>): number => {
  if (options.hasRevision()) return expectedRevisionOf(options.getRevision());
  if (options.hasNoStream()) return ExpectedVersion.noStream;
  if (options.hasStreamExists()) return ExpectedVersion.streamExists;
  if (options.hasAny()) return ExpectedVersion.any;
  throw invalidArgument('An append needs an expected stream revision.');
};

/**
 * Streams.Append: the options message, then one message per event; the append happens once the
 * client ends its half of the call, all events at once.
 */
export const appendHandler =
  (
    store: Store,
    limits: AppendLimits,
    logger: Logger,
  ): handleClientStreamingCall<AppendReq, AppendResp> =>
  (call, callback) => {
    let stream: string | undefined;
    let expected = ExpectedVersion.any as number;
    const events: ProposedEvent[] = [];
    let size = 0;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      callback(toServiceError(error, logger, 'Streams.Append'));
    };
    call.on('data', (request: AppendReq) => {
      if (failed) return;
      try {
        if (stream === undefined) {
          const options = request.getOptions();
          if (options === undefined) throw invalidArgument('An append starts with its options.');
          stream = checkStreamName(streamName(options.getStreamIdentifier()));
          expected = expectedOf(options);
          return;
        }
        const message = request.getProposedMessage();
        if (message === undefined) throw invalidArgument('Expected a proposed message.');
        const event = toProposedEvent(message);
        size += event.data.length;
        if (size > limits.maxAppendSize) throw maximumAppendSizeExceeded(limits.maxAppendSize);
        events.push(event);
      } catch (error) {
        fail(error);
      }
    });
    call.on('end', () => {
      if (failed) return;
      const target = stream;
      if (target === undefined) {
        fail(invalidArgument('An append needs its options.'));
        return;
      }
      store.append(target, expected, events).then((outcome) => {
        try {
          callback(null, appendResponse(target, outcome));
        } catch (error) {
          fail(error);
        }
      }, fail);
    });
    call.on('error', () => {
      failed = true;
    });
  };
