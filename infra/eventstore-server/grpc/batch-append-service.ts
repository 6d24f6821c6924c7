import type { handleBidiStreamingCall } from '@grpc/grpc-js';
import type { Logger } from '../../logger.ts';
import { ExpectedVersion, type ProposedEvent } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import type { AppendLimits } from './append-service.ts';
import {
  batchAppendFailure,
  batchAppendResponse,
  type BatchAppendFailure,
} from './batch-append-responses.ts';
import { invalidArgument, RpcError } from './errors.ts';
import { streamName, toServiceError } from './handlers.ts';
import type { shared, streams } from './proto.ts';
import { checkStreamName, expectedRevisionOf, toProposedEvent, uuidOf } from './proposed.ts';

type BatchAppendReq = InstanceType<typeof streams.BatchAppendReq>;
type BatchAppendResp = InstanceType<typeof streams.BatchAppendResp>;

interface BatchWrite {
  readonly stream: string;
  readonly expected: number;
  readonly events: ProposedEvent[];
  size: number;
}

const batchExpectedOf = (options: InstanceType<typeof streams.BatchAppendReq.Options>): number => {
  if (options.hasStreamPosition()) return expectedRevisionOf(options.getStreamPosition());
  if (options.hasNoStream()) return ExpectedVersion.noStream;
  if (options.hasStreamExists()) return ExpectedVersion.streamExists;
  if (options.hasAny()) return ExpectedVersion.any;
  throw invalidArgument('An append needs an expected stream revision.');
};

const deadlinePassed = (options: InstanceType<typeof streams.BatchAppendReq.Options>): boolean => {
  const deadline = options.getDeadline();
  if (deadline === undefined) return false;
  return deadline.getSeconds() * 1000 + deadline.getNanos() / 1e6 < Date.now();
};

/**
 * Streams.BatchAppend: one long-lived call carrying many appends, each a run of requests under
 * one correlation id (options first, the last one marked final). Each append is answered on its
 * own, in whatever order the appends complete.
 */
export const batchAppendHandler =
  (
    store: Store,
    limits: AppendLimits,
    logger: Logger,
  ): handleBidiStreamingCall<BatchAppendReq, BatchAppendResp> =>
  (call) => {
    const writes = new Map<string, BatchWrite>();
    // Appends already answered with an error whose remaining requests must be dropped unanswered:
    // the client resolves each correlation id once and cannot take a second answer.
    const rejected = new Set<string>();
    let inFlight = 0;
    let ended = false;
    const send = (response: BatchAppendResp) => {
      if (!call.cancelled && !call.writableEnded) call.write(response);
    };
    const finishIfDone = () => {
      if (ended && inFlight === 0 && !call.writableEnded) call.end();
    };
    call.on('data', (request: BatchAppendReq) => {
      const correlation = request.getCorrelationId();
      const final = request.getIsFinal();
      let key: string | undefined;
      let stream = '';
      const reject = (failure: BatchAppendFailure) => {
        if (key !== undefined) {
          writes.delete(key);
          if (!final) rejected.add(key);
        }
        send(batchAppendFailure(correlation, stream, failure));
      };
      try {
        key = uuidOf(correlation);
        if (rejected.has(key)) {
          if (final) rejected.delete(key);
          return;
        }
        const options = request.getOptions();
        if (options !== undefined) {
          stream = streamName(options.getStreamIdentifier());
          if (deadlinePassed(options)) {
            reject({ kind: 'timeout', message: 'Timeout' });
            return;
          }
          writes.set(key, {
            stream: checkStreamName(stream),
            expected: batchExpectedOf(options),
            events: [],
            size: 0,
          });
        }
        const write = writes.get(key);
        if (write === undefined) throw invalidArgument('A batch append starts with its options.');
        stream = write.stream;
        for (const message of request.getProposedMessagesList()) {
          const event = toProposedEvent(message);
          write.size += event.data.length + event.metadata.length + Buffer.byteLength(event.type);
          write.events.push(event);
        }
        if (write.size > limits.maxAppendSize) {
          reject({ kind: 'too-big', message: '', limit: limits.maxAppendSize });
          return;
        }
        if (!final) return;
        writes.delete(key);
        inFlight++;
        void appendOne(store, write, correlation, logger, send).finally(() => {
          inFlight--;
          finishIfDone();
        });
      } catch (error) {
        const message = error instanceof RpcError ? error.details : String(error);
        reject({ kind: 'bad-request', message });
      }
    });
    call.on('end', () => {
      ended = true;
      finishIfDone();
    });
    call.on('error', () => {
      ended = true;
    });
  };

const appendOne = async (
  store: Store,
  write: BatchWrite,
  correlation: InstanceType<typeof shared.UUID> | undefined,
  logger: Logger,
  send: (response: BatchAppendResp) => void,
): Promise<void> => {
  try {
    const outcome = await store.append(write.stream, write.expected, write.events);
    send(batchAppendResponse(correlation, write.stream, outcome));
  } catch (error) {
    const status = toServiceError(error, logger, 'Streams.BatchAppend');
    send(
      batchAppendFailure(correlation, write.stream, {
        kind: 'internal',
        message: status.details ?? 'error',
      }),
    );
  }
};
