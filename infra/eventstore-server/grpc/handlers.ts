import { status, type handleUnaryCall, type ServerErrorResponse } from '@grpc/grpc-js';
import type { Logger } from '../../logger.ts';
import { StoreUnavailableError } from '../store/store.ts';
import { RpcError } from './errors.ts';

/**
 * The status a failed call ends with. Protocol errors pass through; an unexpected exception is
 * logged and becomes INTERNAL, so a misbehaving call never takes the server down.
 */
export const toServiceError = (
  error: unknown,
  logger: Logger,
  method: string,
): ServerErrorResponse => {
  if (error instanceof RpcError) return error;
  if (error instanceof StoreUnavailableError)
    return new RpcError(status.UNAVAILABLE, error.message);
  logger.error({ err: error, method }, 'unexpected error in a gRPC call');
  const message = error instanceof Error ? error.message : String(error);
  return new RpcError(status.INTERNAL, `Internal error: ${message}`);
};

/** A unary gRPC handler from an async function; every failure becomes a status, never a throw. */
export const unary =
  <Request, Response>(
    logger: Logger,
    method: string,
    handler: (request: Request) => Promise<Response> | Response,
  ): handleUnaryCall<Request, Response> =>
  (call, callback) => {
    Promise.resolve()
      .then(() => handler(call.request))
      .then(
        (response) => {
          callback(null, response);
        },
        (error: unknown) => {
          callback(toServiceError(error, logger, method));
        },
      );
  };

/** The UTF-8 stream name of a StreamIdentifier, which the protocol carries as bytes. */
export const streamName = (identifier: { getStreamName_asU8(): Uint8Array } | undefined): string =>
  identifier === undefined ? '' : Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
