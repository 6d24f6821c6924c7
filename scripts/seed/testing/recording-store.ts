import type {
  AppendOutcome,
  EventStore,
  EventToAppend,
  ExpectedRevision,
} from '../../../infra/eventstore/event-store.ts';
import { StreamConflict } from '../../../infra/eventstore/event-store.ts';
import type { DomainEvent } from '../../../infra/eventstore/codec.ts';
import { Random } from '../random.ts';

/** Which held append a tick acknowledges: any at random, the newest, or the oldest. */
export type AckOrder = 'random' | 'newest' | 'oldest';

/** One event as the fake store committed it: its place in `$all` and in its stream. */
export type Committed = {
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  /** The append that carried it, numbered in the order appends were made. */
  readonly append: number;
};

/** An append as it was made: what had been acknowledged by then, and what was in flight. */
export type AppendMade = {
  readonly append: number;
  readonly stream: string;
  readonly ids: readonly string[];
  /** Events acknowledged before this append was made. */
  readonly acknowledged: number;
  /** Another append of the same stream was held unacknowledged when this one was made. */
  readonly overlapped: boolean;
};

type Held = {
  readonly made: AppendMade;
  readonly expected: ExpectedRevision;
  readonly resolve: (outcome: AppendOutcome) => void;
  readonly reject: (error: unknown) => void;
};

/**
 * An event store that holds every append and acknowledges them one a tick in an adversarial
 * order, committing each to `$all` only when it acknowledges it; it checks expected revisions as
 * EventStoreDB does. `failOn` makes the append of that stream fail instead.
 */
export class RecordingStore implements Pick<EventStore, 'append'> {
  readonly all: Committed[] = [];
  readonly appends: AppendMade[] = [];
  /** Per event id, the `all` length when its append was acknowledged. */
  readonly acknowledgedAt = new Map<string, number>();
  private readonly revisions = new Map<string, number>();
  private readonly held: Held[] = [];
  private readonly order: AckOrder;
  private readonly random: Random;
  private readonly failOn: string | undefined;
  private ticking = false;

  constructor(order: AckOrder, seed = 1, failOn?: string) {
    this.order = order;
    this.random = new Random(seed);
    this.failOn = failOn;
  }

  /** Appends made and not yet acknowledged. */
  get holding(): number {
    return this.held.length;
  }

  append<E extends DomainEvent>(
    stream: string,
    events: readonly EventToAppend<E>[],
    _codec: unknown,
    expected: ExpectedRevision,
  ): Promise<AppendOutcome> {
    const made: AppendMade = {
      append: this.appends.length,
      stream,
      ids: events.map(({ id }) => id ?? ''),
      acknowledged: this.all.length,
      overlapped: this.held.some((held) => held.made.stream === stream),
    };
    this.appends.push(made);
    return new Promise((resolve, reject) => {
      this.held.push({ made, expected, resolve, reject });
      this.tickSoon();
    });
  }

  private tickSoon(): void {
    if (this.ticking) return;
    this.ticking = true;
    setImmediate(() => {
      this.ticking = false;
      this.acknowledgeOne();
      if (this.held.length > 0) this.tickSoon();
    });
  }

  private acknowledgeOne(): void {
    const at =
      this.order === 'oldest'
        ? 0
        : this.order === 'newest'
          ? this.held.length - 1
          : this.random.int(0, this.held.length - 1);
    const [held] = this.held.splice(at, 1);
    if (held === undefined) return;
    const { stream, ids } = held.made;
    if (stream === this.failOn) {
      held.reject(new Error(`the store refused ${stream}`));
      return;
    }
    const count = this.revisions.get(stream) ?? 0;
    const holds =
      held.expected === 'no_stream' ? count === 0 : held.expected === count - 1 && count > 0;
    if (!holds) {
      held.reject(new StreamConflict(stream, held.expected, count === 0 ? undefined : count - 1));
      return;
    }
    ids.forEach((id, index) => {
      this.all.push({ id, stream, revision: count + index, append: held.made.append });
    });
    for (const id of ids) this.acknowledgedAt.set(id, this.all.length);
    this.revisions.set(stream, count + ids.length);
    held.resolve({ nextRevision: count + ids.length - 1, position: undefined });
  }
}
