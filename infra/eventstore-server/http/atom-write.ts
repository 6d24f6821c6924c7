import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { ProposedEvent } from '../store/records.ts';
import { ExpectedVersion } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { streamUri } from './atom-feed.ts';
import { baseUrl, reply } from './replies.ts';

const EVENTS_JSON = 'application/vnd.eventstore.events+json';

const eventsSchema = z
  .array(
    z.object({
      eventId: z.uuid(),
      eventType: z.string().min(1),
      data: z.unknown(),
      metadata: z.unknown().optional(),
    }),
  )
  .min(1);

// ES-ExpectedVersion: a revision, or -1 (no stream), -2 (any), -4 (stream exists).
const expectedSchema = z
  .string()
  .regex(/^-?\d+$/)
  .transform(Number)
  .refine((n) => n >= 0 || n === -1 || n === -2 || n === -4);

const jsonBytes = (value: unknown): Buffer =>
  value === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(value));

const parseJson = (body: Buffer): { ok: true; value: unknown } | { ok: false } => {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
};

/**
 * KurrentDB's AtomPub writes: `POST /streams/{s}` with `application/vnd.eventstore.events+json`
 * (an array of events) or `application/json` (one event's data, its type in `ES-EventType`, its id
 * in `ES-EventId`, or a 307 to `/streams/{s}/incoming/{new id}` without one), honouring
 * `ES-ExpectedVersion`: 201 with Location, 400 "Wrong expected EventNumber" with
 * `ES-CurrentVersion`, 410 for a deleted stream.
 */
export const atomWriteRoutes = (router: Router, store: Store, maxBodyBytes: number): void => {
  const body = express.raw({ type: () => true, limit: maxBodyBytes });

  const write = async (request: Request, response: Response, id: string | undefined) => {
    const stream = String(request.params.stream);
    if (stream === '')
      return reply(response, 400, 'Invalid request. Stream must be non-empty string');
    const expectedHeader = request.get('ES-ExpectedVersion');
    const expected =
      expectedHeader === undefined
        ? { success: true as const, data: ExpectedVersion.any }
        : expectedSchema.safeParse(expectedHeader);
    if (!expected.success)
      return reply(response, 400, 'ES-ExpectedVersion header in wrong format.');
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const parsed = parseJson(raw);
    if (!parsed.ok) return reply(response, 400, 'Write request body invalid.');
    let events: ProposedEvent[];
    if (request.is(EVENTS_JSON) !== false) {
      const batch = eventsSchema.safeParse(parsed.value);
      if (!batch.success) return reply(response, 400, 'Write request body invalid.');
      events = batch.data.map((event) => ({
        id: event.eventId,
        type: event.eventType,
        isJson: true,
        data: jsonBytes(event.data),
        metadata: jsonBytes(event.metadata),
      }));
    } else if (request.is('application/json') !== false) {
      const type = request.get('ES-EventType');
      if (type === undefined || type === '')
        return reply(
          response,
          400,
          'Must include an event type with the request either in body or as ES-EventType header.',
        );
      const eventId = id ?? request.get('ES-EventId');
      if (eventId === undefined) {
        // As KurrentDB does: the client retries at an idempotent address carrying a new id.
        response.set('Location', `${streamUri(baseUrl(request), stream)}/incoming/${randomUUID()}`);
        return reply(response, 307, 'Temporary Redirect');
      }
      if (!z.uuid().safeParse(eventId).success)
        return reply(response, 400, 'ES-EventId header in wrong format.');
      events = [{ id: eventId, type, isJson: true, data: raw, metadata: Buffer.alloc(0) }];
    } else {
      return reply(response, 415, 'Unsupported Media Type');
    }
    const outcome = await store.append(stream, expected.data, events);
    switch (outcome.kind) {
      case 'success':
        response.set(
          'Location',
          `${streamUri(baseUrl(request), stream)}/${outcome.revision - events.length + 1}`,
        );
        return reply(response, 201, 'Created');
      case 'wrong-expected-version':
        response.set('ES-CurrentVersion', String(outcome.current));
        return reply(response, 400, 'Wrong expected EventNumber');
      case 'stream-deleted':
        return reply(response, 410, 'Stream deleted');
    }
  };

  router.post('/streams/:stream', body, (request, response, next) => {
    write(request, response, undefined).catch(next);
  });
  router.post('/streams/:stream/incoming/:id', body, (request, response, next) => {
    const id = z.uuid().safeParse(request.params.id);
    if (!id.success) {
      reply(response, 400, 'Invalid request. Unable to parse guid');
      return;
    }
    write(request, response, id.data).catch(next);
  });
};
