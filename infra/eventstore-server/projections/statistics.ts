import type { Store } from '../store/store.ts';
import { projections } from '../grpc/proto.ts';
import type { ProjectionRuntime } from './runtime.ts';

type Details = InstanceType<typeof projections.StatisticsResp.Details>;

// KurrentDB's checkpoint tag of a position in `$all`: commit and prepare position.
const tagOf = (position: number): string => `C:${position}/P:${position}`;

/**
 * A projection's statistics as KurrentDB reports them: status, position and progress through the
 * log (100 when caught up), events handled since the subsystem started, version and epoch.
 */
export const statisticsOf = (projection: ProjectionRuntime, store: Store): Details => {
  const total = store.all.length;
  const progress = total === 0 ? 100 : Math.round((projection.cursor / total) * 10_000) / 100;
  const position = tagOf(projection.lastPosition);
  const details = new projections.StatisticsResp.Details();
  details.setName(projection.name);
  details.setEffectivename(projection.name);
  details.setMode('Continuous');
  details.setStatus(projection.enabled ? 'Running' : 'Stopped');
  details.setStatereason('');
  details.setPosition(position);
  details.setLastcheckpoint(position);
  details.setProgress(progress);
  details.setEventsprocessedafterrestart(String(projection.eventsProcessedAfterRestart));
  details.setCoreprocessingtime(String(Math.round(projection.coreProcessingMs)));
  details.setVersion(String(projection.version));
  details.setEpoch(String(projection.epoch));
  details.setCheckpointstatus('');
  details.setBufferedevents('0');
  details.setPartitionscached(1);
  details.setReadsinprogress(0);
  details.setWritesinprogress(0);
  details.setWritependingeventsbeforecheckpoint(0);
  details.setWritependingeventsaftercheckpoint(0);
  return details;
};
