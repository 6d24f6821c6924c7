import type { ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Logger } from '../../logger.ts';
import type { PersistentSubscriptions } from '../persistent/subsystem.ts';
import { invalidArgument, persistentSubscriptionDoesNotExist } from './errors.ts';
import { streamName, unary } from './handlers.ts';
import { forGroup } from './persistent-errors.ts';
import { subscriptionInfo } from './persistent-info.ts';
import { persistentReadHandler } from './persistent-read.ts';
import { filterOf, settingsOf, targetOf } from './persistent-requests.ts';
import { persistent, persistentGrpc, shared } from './proto.ts';
import { passEncoded } from './streams-service.ts';

const generated = persistentGrpc.PersistentSubscriptionsService;

/** The PersistentSubscriptions service definition, with Read taught to send pre-encoded events. */
export const persistentDefinition: ServiceDefinition = {
  ...generated,
  read: { ...generated.read, responseSerialize: passEncoded(generated.read.responseSerialize) },
};

type CreateReq = InstanceType<typeof persistent.CreateReq>;
type UpdateReq = InstanceType<typeof persistent.UpdateReq>;
type DeleteReq = InstanceType<typeof persistent.DeleteReq>;
type GetInfoReq = InstanceType<typeof persistent.GetInfoReq>;
type ListReq = InstanceType<typeof persistent.ListReq>;
type ReplayParkedReq = InstanceType<typeof persistent.ReplayParkedReq>;

/** The stream a request names: "$all" when it says so. */
const sourceOf = (options: {
  hasAll(): boolean;
  getStreamIdentifier(): InstanceType<typeof shared.StreamIdentifier> | undefined;
}) => (options.hasAll() ? '$all' : streamName(options.getStreamIdentifier()));

/** Persistent subscriptions: manage groups (create, update, delete, list, info, replay) and consume them. */
export const persistentService = (
  subscriptions: PersistentSubscriptions,
  logger: Logger,
): UntypedServiceImplementation => ({
  create: unary(logger, 'PersistentSubscriptions.Create', async (request: CreateReq) => {
    const group = request.getOptions()?.getGroupName() ?? '';
    const { stream, startFrom } = targetOf(request);
    await forGroup(stream, group, () => {
      const settings = settingsOf(request.getOptions()?.getSettings(), startFrom);
      return subscriptions.create({ stream, group, filter: filterOf(request), settings });
    });
    return new persistent.CreateResp();
  }),
  update: unary(logger, 'PersistentSubscriptions.Update', async (request: UpdateReq) => {
    const group = request.getOptions()?.getGroupName() ?? '';
    const { stream, startFrom } = targetOf(request);
    await forGroup(stream, group, () => {
      const settings = settingsOf(request.getOptions()?.getSettings(), startFrom);
      const filter =
        stream === '$all' ? subscriptions.get(stream, group).definition.filter : undefined;
      return subscriptions.update({ stream, group, filter, settings });
    });
    return new persistent.UpdateResp();
  }),
  delete: unary(logger, 'PersistentSubscriptions.Delete', async (request: DeleteReq) => {
    const options = request.getOptions();
    if (options === undefined) throw invalidArgument('A delete needs its options.');
    const stream = sourceOf(options);
    await forGroup(stream, options.getGroupName(), () =>
      subscriptions.delete(stream, options.getGroupName()),
    );
    return new persistent.DeleteResp();
  }),
  getInfo: unary(logger, 'PersistentSubscriptions.GetInfo', async (request: GetInfoReq) => {
    const options = request.getOptions();
    if (options === undefined) throw invalidArgument('GetInfo needs its options.');
    const stream = sourceOf(options);
    const group = await forGroup(stream, options.getGroupName(), () =>
      subscriptions.get(stream, options.getGroupName()),
    );
    const response = new persistent.GetInfoResp();
    response.setSubscriptionInfo(subscriptionInfo(group));
    return response;
  }),
  list: unary(logger, 'PersistentSubscriptions.List', (request: ListReq) => {
    const forStream = request.getOptions()?.getListForStream();
    const stream =
      forStream === undefined
        ? undefined
        : forStream.hasAll()
          ? '$all'
          : streamName(forStream.getStream());
    const groups = subscriptions.list(stream);
    if (groups === undefined) throw persistentSubscriptionDoesNotExist(stream ?? '', '');
    const response = new persistent.ListResp();
    response.setSubscriptionsList(groups.map(subscriptionInfo));
    return response;
  }),
  replayParked: unary(
    logger,
    'PersistentSubscriptions.ReplayParked',
    async (request: ReplayParkedReq) => {
      const options = request.getOptions();
      if (options === undefined) throw invalidArgument('ReplayParked needs its options.');
      const stream = sourceOf(options);
      const stopAt = options.hasStopAt() ? Number(options.getStopAt()) : undefined;
      await forGroup(stream, options.getGroupName(), () => {
        if (stopAt !== undefined && stopAt < 0) {
          throw invalidArgument('Cannot stop replaying parked message at a negative version.');
        }
        subscriptions.get(stream, options.getGroupName()).replayParked(stopAt);
      });
      return new persistent.ReplayParkedResp();
    },
  ),
  restartSubsystem: unary(logger, 'PersistentSubscriptions.RestartSubsystem', async () => {
    await subscriptions.restart();
    return new shared.Empty();
  }),
  read: persistentReadHandler(subscriptions, logger),
});
