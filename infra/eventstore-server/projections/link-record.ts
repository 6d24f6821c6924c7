import { createHash } from 'node:crypto';
import type { EventRecord } from '../store/records.ts';
import type { Emitted } from './standard.ts';

const EMPTY = Buffer.alloc(0);

/** What a link's type and metadata are, shared by the links of one link stream. */
export type LinkShape = Pick<Emitted, 'type' | 'metadata'>;

/**
 * The event a projection emitted for `target`, at `revision` of its link stream. It is not in the
 * log (see ProjectionsSubsystem): it carries its target's log position and time, and is built
 * when read from the target (see LinkStream), since there are about four links per event.
 */
export class LinkRecord implements EventRecord {
  readonly stream: string;
  readonly revision: number;
  private readonly projection: string;
  private readonly target: EventRecord;
  private readonly shape: LinkShape;
  /** The data, when it is not the usual "revision@stream" of the target (or its stream, for `$@`). */
  private readonly text: string | undefined;

  constructor(
    projection: string,
    target: EventRecord,
    shape: LinkShape,
    stream: string,
    revision: number,
    text?: string,
  ) {
    this.projection = projection;
    this.target = target;
    this.stream = stream;
    this.revision = revision;
    this.shape = shape;
    this.text = text;
  }

  get type(): string {
    return this.shape.type;
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
    return usualLinkData(this.shape, this.target);
  }

  get metadata(): Buffer {
    const { metadata } = this.shape;
    if (metadata === undefined) return EMPTY;
    return Buffer.from(typeof metadata === 'string' ? metadata : metadata(this.target), 'utf8');
  }
}

/** A link's data as it nearly always is: "revision@stream" of its target, its stream for `$@`. */
export const usualLinkData = (shape: LinkShape, target: EventRecord): string =>
  shape.type === '$@' ? target.stream : `${String(target.revision)}@${target.stream}`;

/** `projection`'s link to `target` at `revision` of `stream`, keeping its data only if unusual. */
export const linkRecordOf = (
  projection: string,
  target: EventRecord,
  emitted: Emitted,
  stream: string,
  revision: number,
): LinkRecord => {
  const text = emitted.data === usualLinkData(emitted, target) ? undefined : emitted.data;
  return new LinkRecord(projection, target, emitted, stream, revision, text);
};
