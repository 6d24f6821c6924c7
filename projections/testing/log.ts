// Test support only: what a read model must hold, folded straight from the whole log.
import { FORWARDS, START, type EventStoreDBClient } from '@eventstore/db-client';
import type { DomainEvent } from '../../domain/events.ts';
import type { EventCodec } from '../../infra/eventstore/codec.ts';
import { decodeResolved } from '../../infra/eventstore/recorded.ts';
import type { ReadModelStore, StoredDoc } from '../../infra/readmodels/store.ts';
import { pointersOf } from '../pointers.ts';
import type { ForeignEvent, ProjectedEvent, Projection } from '../projection.ts';
import { project } from './spec.ts';

/** Every event of `$all` the projection reads, decoded, in log order. */
export const readLog = async (
  client: EventStoreDBClient,
  codec: EventCodec<DomainEvent | ForeignEvent>,
  categories: readonly string[],
): Promise<ProjectedEvent[]> => {
  const events: ProjectedEvent[] = [];
  for await (const resolved of client.readAll({ direction: FORWARDS, fromPosition: START })) {
    const event = resolved.event;
    if (event === undefined || !categories.some((c) => event.streamId.startsWith(`${c}-`)))
      continue;
    if (codec.handles(event.type)) events.push(decodeResolved(resolved, codec));
  }
  return events;
};

/** The documents of the read model's active collection, by id. */
export const activeDocuments = async <D extends StoredDoc>(
  store: ReadModelStore,
  projection: Projection<D>,
): Promise<{ collection: string; docs: Map<string, D> }> => {
  const pointer = await pointersOf(store).get(projection.name);
  if (pointer === undefined) throw new Error(`${projection.name} has no pointer`);
  const docs = await store
    .collection(pointer.active, projection.schema)
    .find({ sort: [['_id', 1]] });
  return { collection: pointer.active, docs: new Map(docs.map((doc) => [doc._id, doc])) };
};

/** The documents a fold of the whole log gives, by id, in the same order as activeDocuments. */
export const foldedDocuments = async <D extends StoredDoc>(
  client: EventStoreDBClient,
  codec: EventCodec<DomainEvent | ForeignEvent>,
  projection: Projection<D>,
): Promise<Map<string, D>> => {
  const folded = project(projection, await readLog(client, codec, projection.categories), {
    batch: 500,
  });
  return new Map([...folded].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
};
