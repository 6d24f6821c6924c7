import { createHash } from 'node:crypto';
import type { EventRecord } from '../store/records.ts';
import type { Emitted } from './standard.ts';

const EMPTY = Buffer.alloc(0);

/**
 * The event a projection emitted for `target`, at `revision` of its link stream. It is not in the
 * log (see ProjectionsSubsystem): it carries its target's log position and time, and keeps only
 * a reference to the target and its data text, building the rest when read, because there are
 * about four links per event held in memory for the life of the server.
 */
export class LinkRecord implements EventRecord {
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  private readonly projection: string;
  private readonly target: EventRecord;
  /** The data, when it is not the usual "revision@stream" of the target (or its stream, for `$@`). */
  private readonly text: string | undefined;
  private readonly meta: Emitted['metadata'];

  constructor(
    projection: string,
    target: EventRecord,
    emitted: Emitted,
    stream: string,
    revision: number,
  ) {
    this.projection = projection;
    this.target = target;
    this.stream = stream;
    this.revision = revision;
    this.type = emitted.type;
    this.text = emitted.data === this.usualData() ? undefined : emitted.data;
    this.meta = emitted.metadata;
  }

  get position(): number {
    return this.target.position;
  }

  get createdMs(): number {
    return this.target.createdMs;
  }

  get isJson(): boolean {
    return false;
  }

  get tombstone(): boolean {
    return false;
  }

  /** A name-based (version 5 style) id, so a link keeps its id across restarts. */
  get id(): string {
    const hex = createHash('sha1').update(`${this.projection}:${this.target.id}`).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  get data(): Buffer {
    return Buffer.from(this.text ?? this.usualData(), 'utf8');
  }

  private usualData(): string {
    const { stream, revision } = this.target;
    return this.type === '$@' ? stream : `${String(revision)}@${stream}`;
  }

  get metadata(): Buffer {
    if (this.meta === undefined) return EMPTY;
    return Buffer.from(typeof this.meta === 'string' ? this.meta : this.meta(this.target), 'utf8');
  }
}
