import type { z } from 'zod';
import { domainEvents, type DomainEvent } from '../domain/events.ts';
import type { RecordedDomainEvent } from '../infra/eventstore/recorded.ts';
import type { IndexSpec, StoredDoc } from '../infra/readmodels/store.ts';

/**
 * An event that is not the domain's, such as the fulfilment saga's (decoded and validated by the
 * codec the composition root hands in): projections read its type and data as plain JSON.
 */
export interface ForeignEvent {
  readonly type: string;
  readonly data: unknown;
}

export type ProjectedEvent = RecordedDomainEvent<DomainEvent | ForeignEvent>;

/** True for the order, inventory and payment events (decoded with the domain's own schemas). */
export const isDomainEvent = (event: DomainEvent | ForeignEvent): event is DomainEvent =>
  domainEvents.handles(event.type);

/** What evolve may see besides its own document: the other documents the same event touches. */
export interface EvolveContext<D> {
  readonly id: string;
  readonly related: (id: string) => D | undefined;
}

/**
 * A read model: which streams it reads, which documents each event touches, and how a document
 * evolves with an event. `evolve` is pure; it returns the document unchanged (the same object)
 * when the event does not concern it, and undefined when there is still no document.
 */
export interface Projection<D extends StoredDoc> {
  readonly name: string;
  /** Bump when evolve or the document changes: a rebuild into a new collection is then due. */
  readonly version: number;
  /** Stream categories it reads, e.g. ['order', 'payment']. */
  readonly categories: readonly string[];
  readonly schema: z.ZodType<D>;
  readonly indexes: readonly IndexSpec[];
  documentIds(recorded: ProjectedEvent): readonly string[];
  evolve(doc: D | undefined, recorded: ProjectedEvent, context: EvolveContext<D>): D | undefined;
  /** The document as clients see it (the API and the change feed): without internal fields. */
  view(doc: D): unknown;
}

/** Any projection, for lists of them (each is used with its own document type). */
export type AnyProjection = Projection<StoredDoc>;
