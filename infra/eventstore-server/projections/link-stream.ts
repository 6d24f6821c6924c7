import type { EventRecord } from '../store/records.ts';
import { StreamState } from '../store/stream-state.ts';
import type { Emitted } from './standard.ts';
import { LinkRecord, linkRecordOf, usualLinkData, type LinkShape } from './link-record.ts';

/**
 * A system projection's link stream (`$ce-order`, `$et-OrderPlaced`, `$bc-…`). It holds each
 * link as the event it points at, one reference, and builds the link when read: with about four
 * links per event for the life of the server, a link object apiece cost 80 bytes of heap each
 * (about 300 an event) and as many objects for the garbage collector to walk. Links that differ
 * from the stream's usual shape, and events appended to the stream itself, are kept whole.
 */
export class LinkStream extends StreamState {
  private readonly projection: string;
  private readonly shape: LinkShape;
  /** Each revision's target; undefined where `kept` holds the event whole. */
  private readonly targets: (EventRecord | undefined)[] = [];
  private readonly kept = new Map<number, EventRecord>();

  constructor(name: string, projection: string, shape: LinkShape) {
    super(name);
    this.projection = projection;
    this.shape = { type: shape.type, metadata: shape.metadata };
  }

  override at(revision: number): EventRecord | undefined {
    if (this.kept.size > 0) {
      const kept = this.kept.get(revision);
      if (kept !== undefined) return kept;
    }
    const target = this.targets[revision];
    if (target === undefined) return undefined;
    return new LinkRecord(this.projection, target, this.shape, this.name, revision);
  }

  override get length(): number {
    return this.targets.length;
  }

  /** An event appended to the stream by a client: kept as it is. */
  override push(record: EventRecord): void {
    this.kept.set(this.targets.length, record);
    this.targets.push(undefined);
  }

  /** Adds `projection`'s link to `target` as the next revision, committed; answers the revision. */
  link(projection: string, target: EventRecord, emitted: Emitted): number {
    const revision = this.targets.length;
    const usual =
      projection === this.projection &&
      emitted.type === this.shape.type &&
      emitted.metadata === this.shape.metadata &&
      emitted.data === usualLinkData(emitted, target);
    if (usual) this.targets.push(target);
    else this.push(linkRecordOf(projection, target, emitted, this.name, revision));
    this.committed++;
    return revision;
  }
}
