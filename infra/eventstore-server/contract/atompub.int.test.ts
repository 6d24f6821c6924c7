import { randomUUID } from 'node:crypto';
import { jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { connectClient, disposeClient, uniqueName } from './client.ts';
import { httpRequest } from './http.ts';
import { readStream } from './read.ts';

// The AtomPub stream API ("HTTP API" in the server docs: reading streams, appending events,
// optimistic concurrency), on the same port as gRPC. A real KurrentDB serves it only with
// EnableAtomPubOverHttp (or dev mode); the suite expects it on.
const ATOM = 'application/vnd.eventstore.atom+json';
const EVENTS = 'application/vnd.eventstore.events+json';

const link = z.object({ uri: z.string(), relation: z.string() });
const feedSchema = z.object({
  title: z.string(),
  streamId: z.string(),
  headOfStream: z.boolean(),
  links: z.array(link),
  entries: z.array(
    z.object({ title: z.string(), id: z.string(), summary: z.string(), links: z.array(link) }),
  ),
});
const entrySchema = z.object({
  title: z.string(),
  content: z.object({
    eventStreamId: z.string(),
    eventNumber: z.number(),
    eventType: z.string(),
    eventId: z.string(),
    data: z.unknown(),
  }),
});

const path = (stream: string, rest = ''): string => `/streams/${encodeURIComponent(stream)}${rest}`;

describe('the AtomPub stream API over HTTP/1.1', () => {
  let client: EventStoreDBClient;
  beforeAll(() => {
    client = connectClient();
  });
  afterAll(async () => {
    await disposeClient(client);
  });

  test('events posted as application/vnd.eventstore.events+json are read back over gRPC', async () => {
    const stream = uniqueName('atom');
    const ids = [randomUUID(), randomUUID()];
    const answer = await httpRequest(
      'POST',
      path(stream),
      { 'content-type': EVENTS, 'ES-ExpectedVersion': '-1' },
      JSON.stringify([
        { eventId: ids[0], eventType: 'AtomPosted', data: { n: 1 }, metadata: { by: 'atom' } },
        { eventId: ids[1], eventType: 'AtomPosted', data: { n: 2 } },
      ]),
    );
    expect(answer.status).toBe(201);
    expect(answer.headers.location).toMatch(new RegExp(`${path(stream, '/0')}$`));

    const events = await readStream(client, stream);
    expect(
      events.map(({ event }) => ({ id: event?.id, type: event?.type, data: event?.data })),
    ).toEqual([
      { id: ids[0], type: 'AtomPosted', data: { n: 1 } },
      { id: ids[1], type: 'AtomPosted', data: { n: 2 } },
    ]);
    expect(events[0]?.event?.metadata).toEqual({ by: 'atom' });
  });

  test('one event posted as application/json takes its type and id from ES- headers', async () => {
    const stream = uniqueName('atom');
    const id = randomUUID();
    const answer = await httpRequest(
      'POST',
      path(stream),
      { 'content-type': 'application/json', 'ES-EventType': 'AtomSingle', 'ES-EventId': id },
      JSON.stringify({ single: true }),
    );
    expect(answer.status).toBe(201);
    const [read] = await readStream(client, stream);
    expect(read?.event).toMatchObject({ id, type: 'AtomSingle', data: { single: true } });
  });

  test('a stale ES-ExpectedVersion is 400 Wrong expected EventNumber with the current version', async () => {
    const stream = uniqueName('atom');
    await client.appendToStream(stream, [jsonEvent({ type: 'First', data: {} })]);
    const answer = await httpRequest(
      'POST',
      path(stream),
      { 'content-type': EVENTS, 'ES-ExpectedVersion': '5' },
      JSON.stringify([{ eventId: randomUUID(), eventType: 'Late', data: {} }]),
    );
    expect(answer.status).toBe(400);
    expect(answer.reason).toBe('Wrong expected EventNumber');
    expect(answer.headers['es-currentversion']).toBe('0');
    expect(await readStream(client, stream)).toHaveLength(1);
  });

  test('events appended over gRPC are read through the Atom feed, newest first, and one by one', async () => {
    const stream = uniqueName('atom');
    await client.appendToStream(
      stream,
      [0, 1, 2].map((n) => jsonEvent({ type: 'ViaGrpc', data: { n } })),
    );

    const head = await httpRequest('GET', path(stream), { accept: ATOM });
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toContain(ATOM);
    const feed = feedSchema.parse(JSON.parse(head.text));
    expect(feed.streamId).toBe(stream);
    expect(feed.headOfStream).toBe(true);
    expect(feed.entries.map((entry) => entry.title)).toEqual([
      `2@${stream}`,
      `1@${stream}`,
      `0@${stream}`,
    ]);
    expect(feed.entries.every((entry) => entry.summary === 'ViaGrpc')).toBe(true);
    expect(feed.links.map((l) => l.relation)).toEqual(
      expect.arrayContaining(['self', 'first', 'previous', 'metadata']),
    );

    const page = feedSchema.parse(
      JSON.parse((await httpRequest('GET', path(stream, '/0/forward/2'), { accept: ATOM })).text),
    );
    expect(page.entries.map((entry) => entry.title)).toEqual([`1@${stream}`, `0@${stream}`]);
    expect(page.links.find((l) => l.relation === 'previous')?.uri).toMatch(
      new RegExp(`${path(stream, '/2/forward/2')}$`),
    );

    const one = await httpRequest('GET', path(stream, '/1'), { accept: ATOM });
    expect(one.status).toBe(200);
    expect(entrySchema.parse(JSON.parse(one.text)).content).toMatchObject({
      eventStreamId: stream,
      eventNumber: 1,
      eventType: 'ViaGrpc',
      data: { n: 1 },
    });
    const plain = await httpRequest('GET', path(stream, '/2'), { accept: 'application/json' });
    expect(JSON.parse(plain.text)).toEqual({ n: 2 });
  });

  test('a stream never written is 404, an event past its end too', async () => {
    const stream = uniqueName('atom');
    expect((await httpRequest('GET', path(stream), { accept: ATOM })).status).toBe(404);
    await client.appendToStream(stream, [jsonEvent({ type: 'Only', data: {} })]);
    expect((await httpRequest('GET', path(stream, '/1'), { accept: ATOM })).status).toBe(404);
  });
});
