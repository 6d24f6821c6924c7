import { compileFilter, filterSpecOf, InvalidFilterError, type FilterSpec } from '../filters.ts';
import { GroupRefused } from '../persistent/subsystem.ts';
import {
  consumerStrategies,
  type ConsumerStrategyName,
  type GroupSettings,
  type StartFrom,
} from '../persistent/settings.ts';
import { invalidArgument } from './errors.ts';
import { streamName } from './handlers.ts';
import type { persistent } from './proto.ts';

type CreateReq = InstanceType<typeof persistent.CreateReq>;
type UpdateReq = InstanceType<typeof persistent.UpdateReq>;
type Settings =
  | InstanceType<typeof persistent.CreateReq.Settings>
  | InstanceType<typeof persistent.UpdateReq.Settings>;

const TICKS_PER_MS = 10_000;
const namedStrategies: readonly ConsumerStrategyName[] = [
  'DispatchToSingle',
  'RoundRobin',
  'Pinned',
];

/** A uint64 revision or position as EventStoreDB reads it into a long: uint64 max is -1 ("end"). */
const signed = (text: string): number => {
  const value = BigInt(text || '0');
  return value >= 2n ** 63n ? Number(BigInt.asIntN(64, value)) : Number(value);
};

const strategyOf = (settings: Settings): ConsumerStrategyName => {
  const named = 'getConsumerStrategy' in settings ? settings.getConsumerStrategy() : '';
  const name = named.length > 0 ? named : namedStrategies[settings.getNamedConsumerStrategy()];
  const known = consumerStrategies.find((strategy) => strategy === name);
  if (known === undefined)
    throw new GroupRefused(`Consumer strategy ${name ?? ''} does not exist.`);
  return known;
};

const millis = (ms: number, ticks: string, hasMs: boolean, hasTicks: boolean): number => {
  if (hasMs) return ms;
  if (hasTicks) return Math.round(Number(ticks) / TICKS_PER_MS);
  return 0;
};

/** The settings of a create or update request, with where it starts. */
export const settingsOf = (settings: Settings | undefined, startFrom: StartFrom): GroupSettings => {
  if (settings === undefined)
    throw invalidArgument('A persistent subscription needs its settings.');
  return {
    startFrom,
    resolveLinkTos: settings.getResolveLinks(),
    extraStatistics: settings.getExtraStatistics(),
    messageTimeoutMs: millis(
      settings.getMessageTimeoutMs(),
      settings.getMessageTimeoutTicks(),
      settings.hasMessageTimeoutMs(),
      settings.hasMessageTimeoutTicks(),
    ),
    maxRetryCount: settings.getMaxRetryCount(),
    checkpointAfterMs: millis(
      settings.getCheckpointAfterMs(),
      settings.getCheckpointAfterTicks(),
      settings.hasCheckpointAfterMs(),
      settings.hasCheckpointAfterTicks(),
    ),
    minCheckpointCount: settings.getMinCheckpointCount(),
    maxCheckpointCount: settings.getMaxCheckpointCount(),
    maxSubscriberCount: settings.getMaxSubscriberCount(),
    liveBufferSize: settings.getLiveBufferSize(),
    readBatchSize: settings.getReadBatchSize(),
    historyBufferSize: settings.getHistoryBufferSize(),
    consumerStrategy: strategyOf(settings),
  };
};

interface StreamStart {
  hasRevision(): boolean;
  getRevision(): string;
  hasStart(): boolean;
  hasEnd(): boolean;
}

interface AllStart {
  getPosition(): { getCommitPosition(): string; getPreparePosition(): string } | undefined;
  hasStart(): boolean;
  hasEnd(): boolean;
}

const streamStart = (options: StreamStart): StartFrom => ({
  kind: 'stream',
  revision: options.hasStart() ? 0 : options.hasEnd() ? -1 : signed(options.getRevision()),
});

const allStart = (options: AllStart): StartFrom => {
  if (options.hasStart()) return { kind: 'all', commit: 0, prepare: 0 };
  const position = options.getPosition();
  if (options.hasEnd() || position === undefined) return { kind: 'all', commit: -1, prepare: -1 };
  return {
    kind: 'all',
    commit: signed(position.getCommitPosition()),
    prepare: signed(position.getPreparePosition()),
  };
};

/** Where a create or update request points: a stream or `$all`, and where it starts. */
export const targetOf = (
  request: CreateReq | UpdateReq,
): { stream: string; startFrom: StartFrom } => {
  const options = request.getOptions();
  if (options === undefined)
    throw invalidArgument('A persistent subscription request needs its options.');
  const stream = options.getStream();
  if (stream !== undefined)
    return { stream: streamName(stream.getStreamIdentifier()), startFrom: streamStart(stream) };
  const all = options.getAll();
  if (all !== undefined) return { stream: '$all', startFrom: allStart(all) };
  // Before 21.10 (and still from this client) the stream and start come in deprecated fields.
  const name = streamName(options.getStreamIdentifier());
  if (name === '$all')
    throw new GroupRefused(
      'Persistent subscriptions to $all are only supported over gRPC through gRPC clients',
    );
  return {
    stream: name,
    startFrom: { kind: 'stream', revision: signed(options.getSettings()?.getRevision() ?? '0') },
  };
};

/** The filter of a create request for `$all`, if it has one. */
export const filterOf = (request: CreateReq): FilterSpec | undefined => {
  const filter = request.getOptions()?.getAll()?.getFilter();
  if (filter === undefined) return undefined;
  const spec = filterSpecOf(filter);
  try {
    compileFilter(spec, { allStream: true });
  } catch (error) {
    if (error instanceof InvalidFilterError) throw new GroupRefused(error.message);
    throw error;
  }
  return spec;
};
