import { randomUUID } from 'node:crypto';
import { jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, disposeClient } from './client.ts';
import { linkData, readLinks, uniqueCategory, waitForLinks } from './links.ts';
import { sleep, waitFor } from './wait.ts';

// The Projections service over KurrentDB's standard projections. Only `$stream_by_category` is
// disabled here (and enabled again, even when a test fails): other test files read `$ce-`,
// `$et-` and `$bc-` streams at the same time.
const STANDARD = [
  '$by_category',
  '$by_correlation_id',
  '$by_event_type',
  '$stream_by_category',
  '$streams',
];
const TOGGLED = '$stream_by_category';

let client: EventStoreDBClient;
beforeAll(() => {
  client = connectClient();
});
afterAll(async () => {
  await client.enableProjection(TOGGLED);
  await disposeClient(client);
});

const statusOf = async (name: string) => (await client.getProjectionStatus(name)).status;

describe('listing and statistics', () => {
  it('lists the standard projections among the continuous ones, running', async () => {
    const listed = await client.listProjections();
    const standard = listed.filter((p) => STANDARD.includes(p.name));
    expect(standard.map((p) => p.name).sort()).toEqual(STANDARD);
    for (const projection of standard) {
      expect(projection.projectionStatus).toBe('Running');
      expect(projection.effectiveName).toBe(projection.name);
    }
  });

  it('a projection status tells events processed, position and progress', async () => {
    await client.appendToStream(uniqueCategory('stats'), jsonEvent({ type: 'Counted', data: {} }));
    await waitFor('$by_event_type to be caught up', async () => {
      const status = await client.getProjectionStatus('$by_event_type');
      return status.progress === 100;
    });
    const status = await client.getProjectionStatus('$by_event_type');
    expect(status.name).toBe('$by_event_type');
    expect(status.status).toBe('Running');
    expect(status.eventsProcessedAfterRestart).toBeGreaterThan(0n);
    expect(status.position).toMatch(/^C:\d+\/P:\d+$/);
    expect(status.progress).toBe(100);
  });

  it('the state of a standard projection is empty', async () => {
    expect(await client.getProjectionState('$by_category')).toEqual({});
  });

  it('an unknown projection is not found', async () => {
    await expect(client.getProjectionStatus(`missing-${randomUUID()}`)).rejects.toThrow(
      /not found/i,
    );
  });
});

describe('disable and enable', () => {
  it('a disabled projection links nothing; enabled again, it catches up', async () => {
    const category = uniqueCategory('toggled');
    const [before, during] = [`${category}-before`, `${category}-during`];
    const references = `$category-${category}`;
    await client.appendToStream(before, jsonEvent({ type: 'Created', data: {} }));
    await waitForLinks(client, references, { resolveLinkTos: false, count: 1 });

    await client.disableProjection(TOGGLED);
    await waitFor(`${TOGGLED} stopped`, async () => (await statusOf(TOGGLED)) === 'Stopped');
    await client.appendToStream(during, jsonEvent({ type: 'Created', data: {} }));
    await sleep(1_000);
    expect((await readLinks(client, references, { resolveLinkTos: false })).map(linkData)).toEqual([
      before,
    ]);

    await client.enableProjection(TOGGLED);
    await waitFor(`${TOGGLED} running`, async () => (await statusOf(TOGGLED)) === 'Running');
    const links = await waitForLinks(client, references, { resolveLinkTos: false, count: 2 });
    // `$stream_by_category` writes stream references (`$@`, data the stream name), not links.
    expect(links.map((r) => [r.event?.type, linkData(r)])).toEqual([
      ['$@', before],
      ['$@', during],
    ]);
  });
});
