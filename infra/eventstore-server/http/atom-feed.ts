import { originalOf, type EventRecord, type ResolvedEvent } from '../store/records.ts';

/** How much of each event a feed carries: `?embed=` (none, or body with the data as text). */
export type Embed = 'none' | 'body';

export interface Link {
  readonly uri: string;
  readonly relation: string;
}

/** One page of a stream, as read for a feed. */
export interface FeedPage {
  readonly stream: string;
  readonly direction: 'forward' | 'backward';
  /** The revision the page was asked from (for `head`, the stream's last). */
  readonly from: number;
  readonly count: number;
  /** In read order: newest first backward, oldest first forward. */
  readonly events: readonly ResolvedEvent[];
  readonly lastEventNumber: number;
  readonly headOfStream: boolean;
}

const AUTHOR = { name: 'EventStore' } as const;

export const streamUri = (base: string, stream: string): string =>
  `${base}/streams/${encodeURIComponent(stream)}`;

const eventUri = (base: string, record: EventRecord): string =>
  `${streamUri(base, record.stream)}/${record.revision}`;

const text = (data: Buffer): string => data.toString('utf8');

/** The record an entry describes: the event a link led to, or the link when it leads nowhere. */
const described = (resolved: ResolvedEvent): EventRecord => resolved.event ?? originalOf(resolved);

/** An Atom entry for an event, as KurrentDB's `Convert.ToEntry` writes it. */
export const feedEntry = (base: string, resolved: ResolvedEvent, embed: Embed) => {
  const record = described(resolved);
  const origin = originalOf(resolved);
  const uri = eventUri(base, record);
  return {
    title: `${record.revision}@${record.stream}`,
    id: uri,
    updated: new Date(record.createdMs).toISOString(),
    author: AUTHOR,
    summary: record.type,
    ...(embed === 'body'
      ? {
          eventId: record.id,
          eventType: record.type,
          eventNumber: record.revision,
          data: text(record.data),
          ...(record.metadata.length > 0 ? { metaData: text(record.metadata) } : {}),
          streamId: record.stream,
          isJson: record.isJson,
          isMetaData: record.metadata.length > 0,
          isLinkMetaData: false,
          positionEventNumber: origin.revision,
          positionStreamId: origin.stream,
        }
      : {}),
    links: [
      { uri, relation: 'edit' },
      { uri, relation: 'alternate' },
    ],
  };
};

/**
 * A page of a stream as an Atom feed (`Convert.ToStreamEventBackwardFeed` and `…ForwardFeed`):
 * entries newest first whichever way it was read; `first` is the head, `last` the stream's start,
 * `next` older events and `previous` newer ones.
 */
export const streamFeed = (base: string, page: FeedPage, embed: Embed) => {
  const self = streamUri(base, page.stream);
  const at = (revision: number, direction: 'forward' | 'backward') =>
    `${self}/${revision}/${direction}/${page.count}`;
  const links: Link[] = [
    { uri: self, relation: 'self' },
    { uri: `${self}/head/backward/${page.count}`, relation: 'first' },
  ];
  const newestFirst = page.direction === 'backward' ? page.events : [...page.events].reverse();
  if (page.direction === 'backward') {
    const older = page.from - page.count;
    if (older >= 0) {
      links.push({ uri: at(0, 'forward'), relation: 'last' });
      links.push({ uri: at(older, 'backward'), relation: 'next' });
    }
    links.push({
      uri: at(Math.min(page.from, page.lastEventNumber) + 1, 'forward'),
      relation: 'previous',
    });
  } else {
    const older = page.from - 1;
    if (older >= 0) {
      links.push({ uri: at(0, 'forward'), relation: 'last' });
      links.push({ uri: at(older, 'backward'), relation: 'next' });
    }
    const endOfStream = page.from + page.count - 1 >= page.lastEventNumber;
    if (!endOfStream || page.events.length > 0) {
      const newer = Math.min(page.from + page.count - 1, page.lastEventNumber) + 1;
      links.push({ uri: at(newer, 'forward'), relation: 'previous' });
    }
  }
  links.push({ uri: `${self}/metadata`, relation: 'metadata' });
  const newest = newestFirst[0];
  return {
    title: `Event stream '${page.stream}'`,
    id: self,
    updated: new Date(newest === undefined ? 0 : described(newest).createdMs).toISOString(),
    streamId: page.stream,
    author: AUTHOR,
    headOfStream: page.headOfStream,
    selfUrl: self,
    ...(page.headOfStream ? { eTag: feedETag(page.lastEventNumber) } : {}),
    links,
    entries: newestFirst.map((resolved) => feedEntry(base, resolved, embed)),
  };
};

/** KurrentDB's feed ETag: the stream's last event number and a tag of the representation. */
export const feedETag = (lastEventNumber: number): string => `${lastEventNumber};atom+json`;

const parsedOr = (data: Buffer, isJson: boolean): unknown => {
  if (!isJson || data.length === 0) return text(data);
  try {
    return JSON.parse(text(data)) as unknown;
  } catch {
    return text(data);
  }
};

/** One event in full (`GET /streams/{stream}/{n}` as Atom): an entry with its content. */
export const eventEntry = (base: string, resolved: ResolvedEvent) => {
  const record = described(resolved);
  return {
    ...feedEntry(base, resolved, 'none'),
    content: {
      eventStreamId: record.stream,
      eventNumber: record.revision,
      eventType: record.type,
      eventId: record.id,
      data: parsedOr(record.data, record.isJson),
      metadata: parsedOr(record.metadata, true),
    },
  };
};
