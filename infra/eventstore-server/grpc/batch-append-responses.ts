import { ExpectedVersion } from '../store/records.ts';
import type { AppendOutcome } from '../store/store.ts';
import { code, shared, status, streams } from './proto.ts';
import { Any, Empty } from './protobuf-runtime.ts';

type RpcStatus = InstanceType<typeof status.Status>;

// google.rpc.Code values EventStoreDB uses in BatchAppend errors.
const Code = {
  invalidArgument: code.Code.INVALID_ARGUMENT,
  deadlineExceeded: code.Code.DEADLINE_EXCEEDED,
  notFound: code.Code.NOT_FOUND,
  alreadyExists: code.Code.ALREADY_EXISTS,
  internal: code.Code.INTERNAL,
} as const;

const packed = (
  statusCode: (typeof Code)[keyof typeof Code],
  message: string,
  typeName: string,
  details: Uint8Array,
): RpcStatus => {
  const any = new Any();
  any.pack(details, typeName);
  const result = new status.Status();
  result.setCode(statusCode);
  result.setMessage(message);
  result.setDetails(any);
  return result;
};

const streamIdentifier = (stream: string): InstanceType<typeof shared.StreamIdentifier> => {
  const identifier = new shared.StreamIdentifier();
  identifier.setStreamName(Buffer.from(stream, 'utf8'));
  return identifier;
};

/** A BatchAppend response for one append, success or error, tagged with its correlation id. */
export const batchAppendResponse = (
  correlationId: InstanceType<typeof shared.UUID> | undefined,
  stream: string,
  outcome: AppendOutcome,
): InstanceType<typeof streams.BatchAppendResp> => {
  const response = new streams.BatchAppendResp();
  response.setCorrelationId(correlationId);
  response.setStreamIdentifier(streamIdentifier(stream));
  if (outcome.kind === 'success') {
    const success = new streams.BatchAppendResp.Success();
    if (outcome.revision >= 0) success.setCurrentRevision(String(outcome.revision));
    else success.setNoStream(new Empty());
    if (outcome.position === undefined) success.setNoPosition(new Empty());
    else {
      const position = new shared.AllStreamPosition();
      position.setCommitPosition(String(outcome.position));
      position.setPreparePosition(String(outcome.position));
      success.setPosition(position);
    }
    response.setSuccess(success);
  } else if (outcome.kind === 'stream-deleted') {
    const deleted = new shared.StreamDeleted();
    deleted.setStreamIdentifier(streamIdentifier(stream));
    response.setError(
      packed(
        Code.notFound,
        'StreamDeleted',
        'event_store.client.StreamDeleted',
        deleted.serializeBinary(),
      ),
    );
  } else {
    response.setError(
      packed(
        Code.alreadyExists,
        'WrongExpectedVersion',
        'event_store.client.WrongExpectedVersion',
        wrongExpectedVersion(outcome).serializeBinary(),
      ),
    );
  }
  return response;
};

const wrongExpectedVersion = (
  outcome: Extract<AppendOutcome, { kind: 'wrong-expected-version' }>,
): InstanceType<typeof shared.WrongExpectedVersion> => {
  const details = new shared.WrongExpectedVersion();
  if (outcome.current >= 0) details.setCurrentStreamRevision(String(outcome.current));
  else details.setCurrentNoStream(new Empty());
  if (outcome.expected === ExpectedVersion.any) details.setExpectedAny(new Empty());
  else if (outcome.expected === ExpectedVersion.streamExists)
    details.setExpectedStreamExists(new Empty());
  else if (outcome.expected === ExpectedVersion.noStream) details.setExpectedNoStream(new Empty());
  else details.setExpectedStreamPosition(String(outcome.expected));
  return details;
};

/** Why a BatchAppend append failed before or instead of reaching the store. */
export interface BatchAppendFailure {
  readonly kind: 'bad-request' | 'timeout' | 'too-big' | 'internal';
  readonly message: string;
  readonly limit?: number;
}

/** A BatchAppend error for a request that could not be appended at all. */
export const batchAppendFailure = (
  correlationId: InstanceType<typeof shared.UUID> | undefined,
  stream: string,
  failure: BatchAppendFailure,
): InstanceType<typeof streams.BatchAppendResp> => {
  const response = new streams.BatchAppendResp();
  response.setCorrelationId(correlationId);
  response.setStreamIdentifier(streamIdentifier(stream));
  if (failure.kind === 'too-big') {
    const details = new shared.MaximumAppendSizeExceeded();
    details.setMaxappendsize(failure.limit ?? 0);
    response.setError(
      packed(
        Code.invalidArgument,
        'MaximumAppendSizeExceeded',
        'event_store.client.MaximumAppendSizeExceeded',
        details.serializeBinary(),
      ),
    );
  } else if (failure.kind === 'timeout') {
    response.setError(
      packed(
        Code.deadlineExceeded,
        'Timeout',
        'event_store.client.Timeout',
        new shared.Timeout().serializeBinary(),
      ),
    );
  } else if (failure.kind === 'bad-request') {
    const details = new shared.BadRequest();
    details.setMessage(failure.message);
    response.setError(
      packed(
        Code.invalidArgument,
        'BadRequest',
        'event_store.client.BadRequest',
        details.serializeBinary(),
      ),
    );
  } else {
    response.setError(
      packed(
        Code.internal,
        failure.message,
        'google.protobuf.Empty',
        new Empty().serializeBinary(),
      ),
    );
  }
  return response;
};
