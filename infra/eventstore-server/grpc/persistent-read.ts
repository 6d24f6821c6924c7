import { randomUUID } from 'node:crypto';
import type { handleBidiStreamingCall, ServerDuplexStream } from '@grpc/grpc-js';
import type { Logger } from '../../logger.ts';
import type { NackAction, PersistentGroup } from '../persistent/group.ts';
import type { Consumer, Message } from '../persistent/message.ts';
import { groupKey } from '../persistent/settings.ts';
import type { PersistentSubscriptions } from '../persistent/subsystem.ts';
import { invalidArgument, persistentSubscriptionDropped } from './errors.ts';
import { streamName, toServiceError } from './handlers.ts';
import { groupError } from './persistent-errors.ts';
import { persistent, type shared } from './proto.ts';
import { uuidOf } from './proposed.ts';
import { encodeReadEventResponse, type UuidMode } from './wire.ts';

type ReadReq = InstanceType<typeof persistent.ReadReq>;
export type PersistentReadCall = ServerDuplexStream<
  ReadReq,
  InstanceType<typeof persistent.ReadResp> | Buffer
>;

const actions: Record<number, NackAction> = {
  0: 'unknown',
  1: 'park',
  2: 'retry',
  3: 'skip',
  4: 'stop',
};

const idsOf = (ids: readonly InstanceType<typeof shared.UUID>[]): string[] =>
  ids.flatMap((id) => {
    try {
      return [uuidOf(id)];
    } catch {
      return [];
    }
  });

/**
 * PersistentSubscriptions.Read: the client's first message names the group and its bufferSize;
 * the server confirms, then sends events, and the client acks or nacks them on the same call.
 * Ending the call (either side) disconnects the consumer; its unsettled messages go back.
 */
export const persistentReadHandler =
  (
    subscriptions: PersistentSubscriptions,
    logger: Logger,
  ): handleBidiStreamingCall<ReadReq, InstanceType<typeof persistent.ReadResp> | Buffer> =>
  (call: PersistentReadCall) => {
    let joined: { group: PersistentGroup; consumer: Consumer } | undefined;
    let done = false;
    const fail = (error: unknown) => {
      if (done) return;
      done = true;
      if (!call.writableEnded)
        call.emit('error', toServiceError(error, logger, 'PersistentSubscriptions.Read'));
    };
    const leave = () => {
      done = true;
      if (joined !== undefined) joined.group.disconnect(joined.consumer);
    };
    call.on('data', (request: ReadReq) => {
      if (done) return;
      try {
        if (joined === undefined) {
          joined = join(call, request, subscriptions, fail);
          return;
        }
        const ack = request.getAck();
        if (ack !== undefined) joined.group.ack(idsOf(ack.getIdsList()));
        const nack = request.getNack();
        if (nack !== undefined) {
          joined.group.nack(
            joined.consumer,
            actions[nack.getAction()] ?? 'unknown',
            idsOf(nack.getIdsList()),
            nack.getReason(),
          );
        }
      } catch (error) {
        fail(error);
      }
    });
    call.on('end', () => {
      leave();
      if (!call.writableEnded) call.end();
    });
    call.on('cancelled', leave);
    call.on('error', leave);
    call.on('close', leave);
  };

const join = (
  call: PersistentReadCall,
  request: ReadReq,
  subscriptions: PersistentSubscriptions,
  fail: (error: unknown) => void,
): { group: PersistentGroup; consumer: Consumer } => {
  const options = request.getOptions();
  if (options === undefined)
    throw invalidArgument('A persistent subscription starts with its options.');
  const stream = options.hasAll() ? '$all' : streamName(options.getStreamIdentifier());
  const name = options.getGroupName();
  const uuid: UuidMode =
    options.getUuidOption()?.hasStructured() === true ? 'structured' : 'string';
  let group: PersistentGroup;
  try {
    group = subscriptions.get(stream, name);
  } catch (error) {
    throw groupError(error, stream, name);
  }
  const send = (message: Message) => {
    if (call.writableEnded || call.cancelled) return;
    const original = message.resolved.link ?? message.resolved.event;
    call.write(
      encodeReadEventResponse(message.resolved, uuid, {
        commitPosition: original?.position,
        retryCount: message.retryCount,
      }),
    );
  };
  const consumer: Consumer = {
    id: randomUUID(),
    connectionName: String(call.metadata.get('connection-name')[0] ?? '<unknown>'),
    from: call.getPeer(),
    username: 'admin',
    maxInFlight: Math.max(1, options.getBufferSize()),
    inFlight: new Map(),
    totalItems: 0,
    lastTotalItems: 0,
    send,
    drop: () => {
      fail(persistentSubscriptionDropped(stream, name));
    },
  };
  const confirmation = new persistent.ReadResp.SubscriptionConfirmation();
  confirmation.setSubscriptionId(groupKey(stream, name));
  const response = new persistent.ReadResp();
  response.setSubscriptionConfirmation(confirmation);
  try {
    group.connect(consumer, () => call.write(response));
  } catch (error) {
    throw groupError(error, stream, name);
  }
  return { group, consumer };
};
