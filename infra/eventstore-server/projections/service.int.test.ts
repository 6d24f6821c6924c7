import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedEventStore, type EmbeddedEventStore } from '../server.ts';

// What only this server answers (the contract suite cannot ask it of a real node): user
// projections are refused, and updating a standard projection's source on a server of its own.
let server: EmbeddedEventStore;
let client: EventStoreDBClient;
beforeAll(async () => {
  server = await startEmbeddedEventStore({ port: 0, inMemory: true });
  client = EventStoreDBClient.connectionString(server.connectionString);
});
afterAll(async () => {
  await client.dispose();
  await server.stop();
});

describe('the Projections service of the embedded server', () => {
  it('answers a user projection with UNIMPLEMENTED and says why', async () => {
    await expect(client.createProjection('orders-per-day', 'fromAll().when({})')).rejects.toThrow(
      /user \(JavaScript\) projections need a real KurrentDB node/,
    );
  });

  it('updates the separator of $by_category for the streams written from then on', async () => {
    await client.updateProjection('$by_category', 'last\n-');
    await client.appendToStream('shop-order-1', jsonEvent({ type: 'Placed', data: {} }));
    const status = await client.getProjectionStatus('$by_category');
    expect(status.version).toBe(2n);

    const links = [];
    for await (const resolved of client.readStream('$ce-shop-order', { resolveLinkTos: true }))
      links.push(resolved.event?.streamId);
    expect(links).toEqual(['shop-order-1']);
    await expect(client.updateProjection('$by_category', 'anything')).rejects.toThrow(
      /does not accept the source/,
    );
  });
});
