import { randomUUID } from 'node:crypto';
import { silentLogger } from '../../../logger.ts';
import type { OpenedLog } from '../../log/event-log.ts';
import { openMemoryLog } from '../../log/memory-log.ts';
import { readStream } from '../../store/reads.ts';
import { ExpectedVersion, type ProposedEvent } from '../../store/records.ts';
import { Store } from '../../store/store.ts';
import { ProjectionsSubsystem } from '../subsystem.ts';

/** A JSON event, with `$correlationId` in its metadata when given one. */
export const event = (type: string, correlationId?: string): ProposedEvent => ({
  id: randomUUID(),
  type,
  isJson: true,
  data: Buffer.from('{}'),
  metadata: Buffer.from(
    JSON.stringify(correlationId === undefined ? {} : { $correlationId: correlationId }),
  ),
});

/** A store with the standard projections running over it. */
export const projectedStore = (opened: OpenedLog = openMemoryLog()) => {
  const store = new Store(opened.log, opened.records);
  const projections = new ProjectionsSubsystem(store, silentLogger());
  projections.start();
  return { store, projections };
};

export const append = (store: Store, stream: string, ...events: ProposedEvent[]) =>
  store.append(stream, ExpectedVersion.any, events);

/** A stream read forwards: each entry's link data, or `type revision@stream` once resolved. */
export const read = (store: Store, stream: string, resolveLinks = false): string[] => {
  const result = readStream(store, stream, {
    from: 'start',
    direction: 'forwards',
    maxCount: 10_000,
    resolveLinks,
  });
  if (result.kind !== 'ok') return [];
  return result.events.map(({ event, link }) =>
    resolveLinks && link !== undefined
      ? `${event?.type ?? '?'} ${String(event?.revision)}@${event?.stream ?? '?'}`
      : `${event?.type ?? '?'} ${event?.data.toString('utf8') ?? ''}`,
  );
};
