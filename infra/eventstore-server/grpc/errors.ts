import { Metadata, status } from '@grpc/grpc-js';

/**
 * A failed call as EventStoreDB reports it: a gRPC status plus trailing metadata whose
 * `exception` key (and stream-name, group-name, ...) the client maps to its typed errors.
 */
export class RpcError extends Error {
  readonly code: status;
  readonly details: string;
  readonly metadata: Metadata;

  constructor(code: status, details: string, trailers: Record<string, string> = {}) {
    super(details);
    this.name = 'RpcError';
    this.code = code;
    this.details = details;
    this.metadata = new Metadata();
    for (const [key, value] of Object.entries(trailers)) this.metadata.set(key, value);
  }
}

export const streamNotFound = (stream: string): RpcError =>
  new RpcError(status.NOT_FOUND, `Event stream '${stream}' is not found.`, {
    exception: 'stream-not-found',
    'stream-name': stream,
  });

export const streamDeleted = (stream: string): RpcError =>
  new RpcError(status.FAILED_PRECONDITION, `Event stream '${stream}' is deleted.`, {
    exception: 'stream-deleted',
    'stream-name': stream,
  });

export const wrongExpectedVersion = (
  operation: string,
  stream: string,
  expected: number,
  actual: number,
): RpcError =>
  new RpcError(
    status.FAILED_PRECONDITION,
    `${operation} failed due to WrongExpectedVersion. Stream: ${stream}, Expected version: ${expected}, Actual version: ${actual}`,
    {
      exception: 'wrong-expected-version',
      'stream-name': stream,
      'expected-version': String(expected),
      'actual-version': String(actual),
    },
  );

export const maximumAppendSizeExceeded = (limit: number): RpcError =>
  new RpcError(status.INVALID_ARGUMENT, `Maximum Append Size of ${limit} Exceeded.`, {
    exception: 'maximum-append-size-exceeded',
    'maximum-append-size': String(limit),
  });

export const requiredMetadataPropertyMissing = (property: string): RpcError =>
  new RpcError(status.INVALID_ARGUMENT, `Required Metadata Property '${property}' is missing`, {
    exception: 'missing-required-metadata-property',
    'required-metadata-properties': 'type,content-type',
  });

const group = (stream: string, groupName: string) => ({
  'stream-name': stream,
  'group-name': groupName,
});

export const persistentSubscriptionFailed = (
  stream: string,
  groupName: string,
  reason: string,
): RpcError =>
  new RpcError(
    status.INTERNAL,
    `Subscription group ${groupName} on stream ${stream} failed: '${reason}'`,
    {
      exception: 'persistent-subscription-failed',
      ...group(stream, groupName),
      reason,
    },
  );

export const persistentSubscriptionDoesNotExist = (stream: string, groupName: string): RpcError =>
  new RpcError(
    status.NOT_FOUND,
    `Subscription group ${groupName} on stream ${stream} does not exist.`,
    {
      exception: 'persistent-subscription-does-not-exist',
      ...group(stream, groupName),
    },
  );

export const persistentSubscriptionExists = (stream: string, groupName: string): RpcError =>
  new RpcError(
    status.ALREADY_EXISTS,
    `Subscription group ${groupName} on stream ${stream} exists.`,
    {
      exception: 'persistent-subscription-exists',
      ...group(stream, groupName),
    },
  );

export const maximumSubscribersReached = (stream: string, groupName: string): RpcError =>
  new RpcError(
    status.FAILED_PRECONDITION,
    `Maximum subscriptions reached for subscription group ${groupName} on stream ${stream}.`,
    { exception: 'maximum-subscribers-reached', ...group(stream, groupName) },
  );

export const persistentSubscriptionDropped = (stream: string, groupName: string): RpcError =>
  new RpcError(
    status.CANCELLED,
    `Subscription group ${groupName} on stream ${stream} was dropped.`,
    {
      exception: 'persistent-subscription-dropped',
      ...group(stream, groupName),
    },
  );

export const invalidArgument = (message: string): RpcError =>
  new RpcError(status.INVALID_ARGUMENT, message);

export const unavailable = (message: string): RpcError => new RpcError(status.UNAVAILABLE, message);

/** A consumer too slow for a live subscription, as EventStoreDB words it. */
export const consumerTooSlow = (): RpcError =>
  new RpcError(
    status.ABORTED,
    'Operation timed out: Consumer too slow to handle event while live. Client resubscription required.',
  );
