import { randomUUID } from 'node:crypto';
import {
  FORWARDS,
  jsonEvent,
  START,
  StreamNotFoundError,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, disposeClient, uniqueName } from './client.ts';
import { waitFor } from './wait.ts';

// EventStoreDB's `$by_correlation_id` system projection (one of the standard projections) links
// every event whose metadata has `$correlationId` into `$bc-{correlationId}`. On a real server it
// runs asynchronously, so the test waits for the links to appear.
let client: EventStoreDBClient;
beforeAll(() => {
  client = connectClient();
});
afterAll(async () => {
  await disposeClient(client);
});

const readLinks = async (stream: string, resolveLinkTos: boolean) => {
  try {
    const found = [];
    for await (const resolved of client.readStream(stream, {
      direction: FORWARDS,
      fromRevision: START,
      resolveLinkTos,
    }))
      found.push(resolved);
    return found;
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
};

describe('the by-correlation-id projection', () => {
  it('links every event with the same $correlationId, across streams, in log order', async () => {
    const correlationId = randomUUID();
    const [first, second, other] = [uniqueName('bc_a'), uniqueName('bc_b'), uniqueName('bc_c')];
    const tagged = (type: string) =>
      jsonEvent({
        type,
        data: { type },
        metadata: { $correlationId: correlationId, $causationId: 'test' },
      });
    await client.appendToStream(first, [tagged('One'), tagged('Two')]);
    await client.appendToStream(
      other,
      jsonEvent({ type: 'Elsewhere', data: {}, metadata: { $correlationId: randomUUID() } }),
    );
    await client.appendToStream(second, tagged('Three'));
    await client.appendToStream(first, jsonEvent({ type: 'Untagged', data: {} }));

    const stream = `$bc-${correlationId}`;
    await waitFor(
      'three links in $bc-',
      async () => (await readLinks(stream, true)).length === 3,
      15_000,
    );
    const resolved = await readLinks(stream, true);
    expect(resolved.map((r) => [r.event?.streamId, r.event?.revision, r.event?.type])).toEqual([
      [first, 0n, 'One'],
      [first, 1n, 'Two'],
      [second, 0n, 'Three'],
    ]);
    expect(resolved.map((r) => r.link?.type)).toEqual(['$>', '$>', '$>']);
    expect(resolved.map((r) => r.link?.revision)).toEqual([0n, 1n, 2n]);

    const links = await readLinks(stream, false);
    expect(links.map((r) => r.event?.type)).toEqual(['$>', '$>', '$>']);
  });
});
