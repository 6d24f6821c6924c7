import { randomUUID } from 'node:crypto';
import {
  jsonEvent,
  START,
  type EventStoreDBClient,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectUntil } from './collect.ts';
import { connectClient, disposeClient } from './client.ts';
import { linkData, uniqueCategory, waitForLinks } from './links.ts';

// KurrentDB's standard projections (a node run with RunProjections=All and
// StartStandardProjections=true, as infra/compose.yaml runs it) link events into `$ce-`, `$et-`,
// `$streams` and `$bc-` streams. A real server links behind the appends, so the tests wait.
let client: EventStoreDBClient;
beforeAll(() => {
  client = connectClient();
});
afterAll(async () => {
  await disposeClient(client);
});

const resolvedAs = (resolved: ResolvedEvent) => [
  resolved.event?.streamId,
  resolved.event?.revision,
  resolved.event?.type,
];

describe('$by_category', () => {
  it('$ce-{category} resolves to the category streams events, in the order they were written', async () => {
    const category = uniqueCategory('shop');
    const [a, b] = [`${category}-${randomUUID()}`, `${category}-${randomUUID()}`];
    await client.appendToStream(a, [jsonEvent({ type: 'One', data: {} })]);
    await client.appendToStream(b, [jsonEvent({ type: 'Two', data: {} })]);
    await client.appendToStream(a, [jsonEvent({ type: 'Three', data: {} })]);
    await client.appendToStream(`other${category}-1`, [jsonEvent({ type: 'Else', data: {} })]);

    const stream = `$ce-${category}`;
    const resolved = await waitForLinks(client, stream, { resolveLinkTos: true, count: 3 });
    expect(resolved.map(resolvedAs)).toEqual([
      [a, 0n, 'One'],
      [b, 0n, 'Two'],
      [a, 1n, 'Three'],
    ]);
    expect(resolved.map((r) => [r.link?.streamId, r.link?.revision, r.link?.type])).toEqual([
      [stream, 0n, '$>'],
      [stream, 1n, '$>'],
      [stream, 2n, '$>'],
    ]);

    const links = await waitForLinks(client, stream, { resolveLinkTos: false, count: 3 });
    expect(links.map((r) => [r.event?.type, linkData(r)])).toEqual([
      ['$>', `0@${a}`],
      ['$>', `0@${b}`],
      ['$>', `1@${a}`],
    ]);
    expect(links.every((r) => r.link === undefined)).toBe(true);
  });

  it('$ce-order resolves to the order streams events, in order', async () => {
    const [first, second] = [`order-${randomUUID()}`, `order-${randomUUID()}`];
    const orders = [first, second];
    await client.appendToStream(first, [jsonEvent({ type: 'OrderPlaced', data: {} })]);
    await client.appendToStream(second, [jsonEvent({ type: 'OrderPlaced', data: {} })]);
    await client.appendToStream(first, [jsonEvent({ type: 'OrderConfirmed', data: {} })]);

    const resolved = await waitForLinks(client, '$ce-order', {
      resolveLinkTos: true,
      count: 3,
      newest: 2_000,
      mine: (r) => orders.includes(r.event?.streamId ?? ''),
    });
    expect(resolved.map(resolvedAs)).toEqual([
      [first, 0n, 'OrderPlaced'],
      [second, 0n, 'OrderPlaced'],
      [first, 1n, 'OrderConfirmed'],
    ]);
  });

  it('a catch-up subscription to $ce-{category} with resolveLinkTos gets the events, live too', async () => {
    const category = uniqueCategory('live');
    const stream = `${category}-1`;
    await client.appendToStream(stream, [jsonEvent({ type: 'Before', data: {} })]);
    const subscription = client.subscribeToStream(`$ce-${category}`, {
      fromRevision: START,
      resolveLinkTos: true,
    });
    const collecting = collectUntil(subscription, {
      what: 'the event appended after subscribing',
      until: (events) => events.length >= 2,
    });
    await waitForLinks(client, `$ce-${category}`, { resolveLinkTos: false, count: 1 });
    await client.appendToStream(stream, [jsonEvent({ type: 'After', data: {} })]);

    const events = await collecting;
    expect(events.map(resolvedAs)).toEqual([
      [stream, 0n, 'Before'],
      [stream, 1n, 'After'],
    ]);
    expect(events.map((r) => r.link?.type)).toEqual(['$>', '$>']);
  });
});

describe('$by_event_type', () => {
  it('$et-{type} links every event of that type, across streams, in order', async () => {
    const type = uniqueCategory('Happened');
    const [a, b] = [uniqueCategory('a'), uniqueCategory('b')];
    await client.appendToStream(a, [jsonEvent({ type, data: { n: 1 } })]);
    await client.appendToStream(b, [jsonEvent({ type: 'Unrelated', data: {} })]);
    await client.appendToStream(b, [jsonEvent({ type, data: { n: 2 } })]);

    const resolved = await waitForLinks(client, `$et-${type}`, { resolveLinkTos: true, count: 2 });
    expect(resolved.map(resolvedAs)).toEqual([
      [a, 0n, type],
      [b, 1n, type],
    ]);
    expect(resolved.map((r) => r.event?.data)).toEqual([{ n: 1 }, { n: 2 }]);
  });
});

describe('$stream_by_category', () => {
  it('$category-order references each new order stream once, by name', async () => {
    const [first, second] = [`order-${randomUUID()}`, `order-${randomUUID()}`];
    await client.appendToStream(first, [jsonEvent({ type: 'OrderPlaced', data: {} })]);
    await client.appendToStream(second, [jsonEvent({ type: 'OrderPlaced', data: {} })]);
    await client.appendToStream(first, [jsonEvent({ type: 'OrderConfirmed', data: {} })]);

    // KurrentDB writes `$@` stream references here (data: the stream name), not `$>` links.
    const references = await waitForLinks(client, '$category-order', {
      resolveLinkTos: true,
      count: 2,
      newest: 2_000,
      mine: (r) => [first, second].includes(linkData(r)),
    });
    expect(references.map((r) => [r.event?.type, linkData(r)])).toEqual([
      ['$@', first],
      ['$@', second],
    ]);
  });
});

describe('$streams', () => {
  it('links the first event of every new stream', async () => {
    const streams = [uniqueCategory('first'), uniqueCategory('second')];
    for (const stream of streams) {
      await client.appendToStream(stream, [
        jsonEvent({ type: 'Created', data: {} }),
        jsonEvent({ type: 'Changed', data: {} }),
      ]);
    }
    const links = await waitForLinks(client, '$streams', {
      resolveLinkTos: false,
      count: 2,
      newest: 2_000,
      mine: (r) => streams.some((stream) => linkData(r) === `0@${stream}`),
    });
    expect(links.map(linkData)).toEqual(streams.map((stream) => `0@${stream}`));
  });
});
