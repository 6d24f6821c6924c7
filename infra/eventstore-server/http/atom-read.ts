import type { Request, Response, Router } from 'express';
import { readStream, viewStream } from '../store/reads.ts';
import { originalOf } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { allFeed } from './atom-all.ts';
import { eventEntry, streamFeed, type Embed } from './atom-feed.ts';
import { baseUrl, reply } from './replies.ts';

export const ATOM_JSON = 'application/vnd.eventstore.atom+json';
const EVENT_JSON = 'application/vnd.eventstore.event+json';
const FEED_TYPES = [ATOM_JSON, 'application/json'];
const EVENT_TYPES = [ATOM_JSON, 'application/json', EVENT_JSON];
// KurrentDB's AtomSpecs.FeedPageSize.
const PAGE_SIZE = 20;

const embedOf = (request: Request): Embed => (request.query.embed === 'body' ? 'body' : 'none');

// ES-ResolveLinkTos defaults to true over HTTP.
const resolveLinksOf = (request: Request): boolean =>
  request.get('ES-ResolveLinkTos')?.toLowerCase() !== 'false';

const parseEvent = (raw: string): number | 'head' | undefined => {
  if (raw === 'head') return 'head';
  return /^\d+$/.test(raw) ? Number(raw) : undefined;
};

/**
 * KurrentDB's AtomPub reads: a stream's feed (`/streams/{s}`, `/streams/{s}/{event}/{forward|
 * backward}/{count}`) and one event (`/streams/{s}/{n}`), as Atom JSON or plain JSON.
 */
export const atomReadRoutes = (router: Router, store: Store): void => {
  const feed = (
    request: Request,
    response: Response,
    at: string,
    direction: 'forward' | 'backward',
    countText: string,
  ): Response => {
    const type = request.accepts(FEED_TYPES);
    if (type === false) return reply(response, 406, 'Not Acceptable');
    if (request.params.stream === '$all') {
      const size = /^\d+$/.test(countText) ? Number(countText) : 0;
      if (size <= 0)
        return reply(
          response,
          400,
          `'${countText}' is not valid count. Should be positive integer`,
        );
      return allFeed(
        store,
        request,
        response,
        at,
        direction,
        size,
        embedOf(request),
        resolveLinksOf(request),
        type,
      );
    }
    const event = parseEvent(at);
    if (event === undefined) return reply(response, 400, `'${at}' is not valid event number`);
    const count = /^\d+$/.test(countText) ? Number(countText) : 0;
    if (count <= 0)
      return reply(response, 400, `'${countText}' is not valid count. Should be positive integer`);
    if (event === 'head' && direction === 'forward')
      return reply(response, 400, `'head' is not valid event number`);
    const stream = String(request.params.stream);
    const view = viewStream(store, stream);
    if (view.kind === 'deleted') return reply(response, 410, 'Deleted');
    if (view.kind === 'not-found') return reply(response, 404, 'Not Found');
    const from = event === 'head' ? view.last : event;
    const read = readStream(store, stream, {
      from,
      direction: direction === 'forward' ? 'forwards' : 'backwards',
      maxCount: count,
      resolveLinks: resolveLinksOf(request),
    });
    if (read.kind !== 'ok') return reply(response, 404, 'Not Found');
    const document = streamFeed(
      baseUrl(request),
      {
        stream,
        direction,
        from,
        count,
        events: read.events,
        lastEventNumber: view.last,
        headOfStream: event === 'head',
      },
      embedOf(request),
    );
    response.set('Cache-Control', 'max-age=0, no-cache, must-revalidate');
    response.set('Vary', 'Accept');
    if (document.eTag !== undefined) response.set('ETag', `"${document.eTag}"`);
    return response.type(type).send(JSON.stringify(document));
  };

  router.get('/streams/:stream', (request, response) => {
    feed(request, response, 'head', 'backward', String(PAGE_SIZE));
  });
  router.get('/streams/:stream/:event/:direction/:count', (request, response, next) => {
    const direction = request.params.direction;
    if (direction !== 'forward' && direction !== 'backward') {
      next();
      return;
    }
    feed(request, response, request.params.event, direction, request.params.count);
  });
  router.get('/streams/:stream/:event/:count', (request, response) => {
    feed(request, response, request.params.event, 'backward', request.params.count);
  });
  const oneEvent = (
    request: Request,
    response: Response,
    stream: string,
    at: string,
  ): Response | undefined => {
    const type = request.accepts(EVENT_TYPES);
    if (type === false) return reply(response, 406, 'Not Acceptable');
    const event = parseEvent(at);
    if (event === undefined) return reply(response, 400, `'${at}' is not valid event number`);
    const read = readStream(store, stream, {
      from: event === 'head' ? 'end' : event,
      direction: 'backwards',
      maxCount: 1,
      resolveLinks: resolveLinksOf(request),
    });
    if (read.kind === 'deleted') return reply(response, 410, 'Deleted');
    const found = read.kind === 'ok' ? read.events[0] : undefined;
    // A backward read from past the end starts at the last event: only revision `event` counts.
    if (found === undefined || (event !== 'head' && originalOf(found).revision !== event))
      return reply(response, 404, 'Not Found');
    response.set('Cache-Control', 'max-age=31536000, public');
    response.set('Vary', 'Accept');
    if (type === 'application/json') {
      // Plain JSON is the event's data as it was written.
      return response.type('application/json').send((found.event ?? originalOf(found)).data);
    }
    const entry = eventEntry(baseUrl(request), found);
    return response.type(type).send(JSON.stringify(type === EVENT_JSON ? entry.content : entry));
  };

  // A stream's metadata is the last event of its metastream `$${stream}`.
  router.get('/streams/:stream/metadata', (request, response) => {
    oneEvent(request, response, `$$${request.params.stream}`, 'head');
  });
  router.get('/streams/:stream/:event', (request, response) => {
    oneEvent(request, response, request.params.stream, request.params.event);
  });
};
