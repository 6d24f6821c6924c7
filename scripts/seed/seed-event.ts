import type { CartEvent, DomainEvent } from '../../domain/events.ts';
import { cartEvents, domainEvents } from '../../domain/events.ts';
import { productEvents } from '../../domain/product/events.ts';
import type { ProductEvent } from '../../domain/product/events.ts';
import { combineCodecs } from '../../infra/eventstore/codec.ts';
import type { EventCodec } from '../../infra/eventstore/codec.ts';
import type { MetadataInput } from '../../infra/eventstore/metadata.ts';
import { sagaEvents } from '../../processes/fulfilment/events.ts';
import type { SagaEvent } from '../../processes/fulfilment/events.ts';

export type SeededEvent = DomainEvent | ProductEvent | SagaEvent | CartEvent;

/** Every family the seed writes, so each event is stamped with its codec's current version. */
export const seedCodec: EventCodec<SeededEvent> = combineCodecs<SeededEvent>(
  domainEvents,
  productEvents,
  sagaEvents,
  cartEvents,
);

/** One event as the live system would have appended it, with where and when. */
export type SeedEvent = {
  readonly stream: string;
  /**
   * Its revision in `stream`: the seed is the only writer, so it knows it without a read.
   * Undefined for an inventory stream, whose events the writer numbers in the order it appends them.
   */
  readonly revision: number | undefined;
  readonly id: string;
  readonly event: SeededEvent;
  readonly metadata: MetadataInput;
  /** Business time, ms since the epoch (`metadata.occurredAt`). */
  readonly at: number;
  /** What it must follow in the log besides its stream: the order it belongs to, or its stream. */
  readonly chain: string;
};

/** Stream revisions handed out as events are made, per stream the seed writes more than once. */
export class Revisions {
  private readonly next = new Map<string, number>();

  take(stream: string): number {
    const revision = this.next.get(stream) ?? 0;
    this.next.set(stream, revision + 1);
    return revision;
  }
}
