import { randomUUID } from 'node:crypto';
import { jsonEvent, StreamNotFoundError, type EventStoreDBClient } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { connectClient, disposeClient, uniqueName } from './client.ts';
import { httpRequest } from './http.ts';
import { readStream } from './read.ts';
import { rejectionOf } from './rejection.ts';

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

  test('GET /streams/{s}/metadata is the metadata set over gRPC', async () => {
    const stream = uniqueName('atom');
    await client.appendToStream(stream, [jsonEvent({ type: 'Any', data: {} })]);
    await client.setStreamMetadata(stream, { maxCount: 7 });
    const answer = await httpRequest('GET', path(stream, '/metadata'), {
      accept: 'application/json',
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ $maxCount: 7 });
  });

  test('DELETE soft-deletes a stream, at ES-ExpectedVersion; with ES-HardDelete it is gone for good', async () => {
    const [soft, hard] = [uniqueName('atom'), uniqueName('atom')];
    for (const stream of [soft, hard])
      await client.appendToStream(stream, [jsonEvent({ type: 'Doomed', data: {} })]);

    const stale = await httpRequest('DELETE', path(soft), { 'ES-ExpectedVersion': '3' });
    expect([stale.status, stale.reason]).toEqual([400, 'Wrong expected EventNumber']);
    expect((await httpRequest('DELETE', path(soft), { 'ES-ExpectedVersion': '0' })).status).toBe(
      204,
    );
    await rejectionOf(readStream(client, soft), StreamNotFoundError);
    expect((await httpRequest('GET', path(soft), { accept: ATOM })).status).toBe(404);

    expect((await httpRequest('DELETE', path(hard), { 'ES-HardDelete': 'true' })).status).toBe(204);
    expect((await httpRequest('GET', path(hard), { accept: ATOM })).status).toBe(410);
    const again = await httpRequest(
      'POST',
      path(hard),
      { 'content-type': EVENTS },
      JSON.stringify([{ eventId: randomUUID(), eventType: 'TooLate', data: {} }]),
    );
    expect(again.status).toBe(410);
  });

  test('the $all feed pages on from a position: an event appended over gRPC is on the newer page', async () => {
    const head = await httpRequest('GET', '/streams/%24all/head/backward/1', { accept: ATOM });
    expect(head.status).toBe(200);
    const newer = feedSchema
      .omit({ streamId: true })
      .parse(JSON.parse(head.text))
      .links.find((l) => l.relation === 'previous')?.uri;
    expect(newer).toMatch(/\/streams\/%24all\/[0-9A-F]{32}\/forward\/1$/);
    const stream = uniqueName('atom');
    await client.appendToStream(stream, [jsonEvent({ type: 'InAll', data: {} })]);

    // Other suites write too: take a page large enough to hold what they wrote meanwhile.
    const page = await httpRequest('GET', new URL(String(newer).replace(/\/1$/, '/500')).pathname, {
      accept: ATOM,
    });
    expect(page.status).toBe(200);
    const titles = feedSchema
      .omit({ streamId: true })
      .parse(JSON.parse(page.text))
      .entries.map((entry) => entry.title);
    expect(titles).toContain(`0@${stream}`);
  });
});
