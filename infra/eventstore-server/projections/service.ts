import { createRequire } from 'node:module';
import {
  status,
  type ServerWritableStream,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type structPb from 'google-protobuf/google/protobuf/struct_pb.js';
import type { Logger } from '../../logger.ts';
import { RpcError } from '../grpc/errors.ts';
import { toServiceError, unary } from '../grpc/handlers.ts';
import { projections, projectionsGrpc } from '../grpc/proto.ts';
import { Empty } from '../grpc/protobuf-runtime.ts';
import type { Store } from '../store/store.ts';
import { statisticsOf } from './statistics.ts';
import {
  InvalidProjectionQueryError,
  ProjectionNotFoundError,
  type ProjectionsSubsystem,
} from './subsystem.ts';

// Value must come from the google-protobuf runtime the generated classes use (see protobuf-runtime.ts).
const { Value } = createRequire(
  createRequire(import.meta.url).resolve('@eventstore/db-client/generated/projections_pb.js'),
)('google-protobuf/google/protobuf/struct_pb.js') as typeof structPb;

export const projectionsDefinition: ServiceDefinition = projectionsGrpc.ProjectionsService;

type StatisticsReq = InstanceType<typeof projections.StatisticsReq>;
type StatisticsResp = InstanceType<typeof projections.StatisticsResp>;
type Named = { getOptions(): { getName(): string } | undefined };
type UpdateReq = InstanceType<typeof projections.UpdateReq>;

const nameOf = (request: Named): string => request.getOptions()?.getName() ?? '';

// KurrentDB answers an unknown projection with NOT_FOUND and this message.
const notFound = (error: unknown): unknown => {
  if (error instanceof ProjectionNotFoundError)
    return new RpcError(status.NOT_FOUND, error.message);
  if (error instanceof InvalidProjectionQueryError)
    return new RpcError(status.INVALID_ARGUMENT, error.message);
  return error;
};

const userProjections = (operation: string): RpcError =>
  new RpcError(
    status.UNIMPLEMENTED,
    `${operation}: the embedded EventStoreDB-compatible server runs KurrentDB's standard system projections only; user (JavaScript) projections need a real KurrentDB node`,
  );

/**
 * The Projections service over the standard projections: statistics (one, or every continuous
 * one), enable, disable, reset, update of their source, state and result (empty for these native
 * projections, as in KurrentDB), restart. Creating or deleting projections is refused as
 * unimplemented.
 */
export const projectionsService = (
  subsystem: ProjectionsSubsystem,
  store: Store,
  logger: Logger,
): UntypedServiceImplementation => {
  const command = <Request extends Named, Response>(
    method: string,
    run: (name: string) => Promise<void> | void,
    response: () => Response,
  ) =>
    unary(logger, `Projections.${method}`, async (request: Request) => {
      try {
        await run(nameOf(request));
      } catch (error) {
        throw notFound(error);
      }
      return response();
    });
  const emptyState = (name: string) => {
    subsystem.get(name);
    return Value.fromJavaScript({});
  };
  return {
    create: unary(logger, 'Projections.Create', () => {
      throw userProjections('Create');
    }),
    update: unary(logger, 'Projections.Update', async (request: UpdateReq) => {
      const options = request.getOptions();
      try {
        await subsystem.update(options?.getName() ?? '', options?.getQuery() ?? '');
      } catch (error) {
        throw notFound(error);
      }
      return new projections.UpdateResp();
    }),
    delete: unary(logger, 'Projections.Delete', () => {
      throw userProjections('Delete');
    }),
    statistics: (call: ServerWritableStream<StatisticsReq, StatisticsResp>) => {
      try {
        const options = call.request.getOptions();
        const name = options?.getName() ?? '';
        // The standard projections are all continuous: a one-time or transient listing is empty.
        const listed =
          name !== ''
            ? [subsystem.get(name)]
            : options?.hasOneTime() === true || options?.hasTransient() === true
              ? []
              : subsystem.list();
        for (const projection of listed) {
          call.write(new projections.StatisticsResp().setDetails(statisticsOf(projection, store)));
        }
        call.end();
      } catch (error) {
        call.emit('error', toServiceError(notFound(error), logger, 'Projections.Statistics'));
      }
    },
    disable: command(
      'Disable',
      (name) => subsystem.disable(name),
      () => new projections.DisableResp(),
    ),
    enable: command(
      'Enable',
      (name) => subsystem.enable(name),
      () => new projections.EnableResp(),
    ),
    reset: command(
      'Reset',
      (name) => subsystem.reset(name),
      () => new projections.ResetResp(),
    ),
    state: unary(logger, 'Projections.State', (request: Named) => {
      try {
        return new projections.StateResp().setState(emptyState(nameOf(request)));
      } catch (error) {
        throw notFound(error);
      }
    }),
    result: unary(logger, 'Projections.Result', (request: Named) => {
      try {
        return new projections.ResultResp().setResult(emptyState(nameOf(request)));
      } catch (error) {
        throw notFound(error);
      }
    }),
    restartSubsystem: unary(logger, 'Projections.RestartSubsystem', () => {
      subsystem.restart();
      return new Empty();
    }),
  };
};
