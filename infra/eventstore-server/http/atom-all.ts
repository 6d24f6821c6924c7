import type { Request, Response } from 'express';
import { allRecords, resolve } from '../store/reads.ts';
import type { ResolvedEvent } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { feedEntry, type Embed, type Link } from './atom-feed.ts';
import { baseUrl, reply } from './replies.ts';

// KurrentDB writes a $all position as its commit and prepare positions, 16 hex digits each;
// here both are the one log position.
const token = (position: number): string => {
  const hex = position.toString(16).toUpperCase().padStart(16, '0');
  return `${hex}${hex}`;
};

const parseToken = (text: string): number | 'head' | undefined => {
  if (text === 'head') return 'head';
  if (!/^[0-9a-fA-F]{32}$/.test(text)) return undefined;
  return Number.parseInt(text.slice(16), 16);
};

/**
 * The `$all` feed (`/streams/%24all`, `/streams/%24all/{position}/{forward|backward}/{count}`):
 * backward pages end before their position, forward ones start at it; `next` is older events,
 * `previous` newer ones, each link carrying the position to go on from.
 */
export const allFeed = (
  store: Store,
  request: Request,
  response: Response,
  at: string,
  direction: 'forward' | 'backward',
  count: number,
  embed: Embed,
  resolveLinks: boolean,
  type: string,
): Response => {
  const from = parseToken(at);
  if (from === undefined || (from === 'head' && direction === 'forward'))
    return reply(response, 400, `'${at}' is not valid position`);
  const events: ResolvedEvent[] = [];
  for (const record of allRecords(store.all, {
    from: from === 'head' ? 'end' : from,
    direction: direction === 'forward' ? 'forwards' : 'backwards',
  })) {
    if (events.length >= count) break;
    events.push(resolve(store, record, resolveLinks));
  }
  const newestFirst = direction === 'backward' ? events : [...events].reverse();
  const base = baseUrl(request);
  const self = `${base}/streams/%24all`;
  const page = (position: number, to: 'forward' | 'backward') =>
    `${self}/${token(position)}/${to}/${count}`;
  const newest = newestFirst[0]?.link ?? newestFirst[0]?.event;
  const oldest = newestFirst.at(-1)?.link ?? newestFirst.at(-1)?.event;
  const links: Link[] = [
    { uri: self, relation: 'self' },
    { uri: `${self}/head/backward/${count}`, relation: 'first' },
    { uri: page(0, 'forward'), relation: 'last' },
  ];
  const newerFrom =
    newest === undefined ? (from === 'head' ? undefined : from) : newest.position + 1;
  if (newerFrom !== undefined)
    links.push({ uri: page(newerFrom, 'forward'), relation: 'previous' });
  if (oldest !== undefined)
    links.push({ uri: page(oldest.position, 'backward'), relation: 'next' });
  links.push({ uri: `${self}/metadata`, relation: 'metadata' });
  const document = {
    title: 'All events',
    id: self,
    updated: new Date(newest?.createdMs ?? 0).toISOString(),
    author: { name: 'EventStore' },
    headOfStream: from === 'head',
    selfUrl: self,
    links,
    entries: newestFirst.map((resolved) => feedEntry(base, resolved, embed)),
  };
  response.set('Cache-Control', 'max-age=0, no-cache, must-revalidate');
  response.set('Vary', 'Accept');
  return response.type(type).send(JSON.stringify(document));
};
