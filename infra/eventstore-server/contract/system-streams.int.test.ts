import { START, type EventStoreDBClient } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { connectClient, disposeClient } from './client.ts';

interface Recorded {
  readonly stream: string;
  readonly type: string;
  readonly data: unknown;
}

const textOf = (data: unknown): unknown =>
  data instanceof Uint8Array ? Buffer.from(data).toString('utf8') : data;

// What a new KurrentDB node writes into an empty database before anyone else writes: the
// scavenger sets the `$scavenges` history's `$maxAge` (every node), and internal user management
// creates the `admin` and `ops` accounts (`$user-admin`, `$user-ops`, their login names in
// `$users`; a node started insecure has no user management, hence no accounts). They come first
// in $all whatever the suite wrote since.
describe('the system streams of a new database', () => {
  let client: EventStoreDBClient;
  let first: Recorded[];
  beforeAll(async () => {
    client = connectClient();
    first = [];
    for await (const resolved of client.readAll({ fromPosition: START, maxCount: 200 })) {
      const event = resolved.event;
      if (event !== undefined)
        first.push({ stream: event.streamId, type: event.type, data: event.data });
    }
  });
  afterAll(async () => {
    await disposeClient(client);
  });

  test('$all begins with system streams: $scavenges gets its $maxAge before any user event', () => {
    const scavenges = first.findIndex(
      (event) => event.stream === '$$$scavenges' && event.type === '$metadata',
    );
    expect(scavenges).toBeGreaterThanOrEqual(0);
    const maxAge = z.object({ $maxAge: z.number().int().positive() });
    expect(maxAge.safeParse(first[scavenges]?.data).success).toBe(true);
    const firstUserEvent = first.findIndex((event) => !event.stream.startsWith('$'));
    expect(firstUserEvent === -1 || firstUserEvent > scavenges).toBe(true);
  });

  test('each login name in $users has its account created in $user-{login}: admin in $admins, ops in $ops', () => {
    const logins = first
      .filter((event) => event.stream === '$users' && event.type === '$User')
      .map(({ data }) => textOf(data));
    const account = z.object({ loginName: z.string(), groups: z.array(z.string()) });
    const created = first
      .filter((event) => event.type === '$UserCreated')
      .map(({ stream, data }) => ({ stream, ...account.parse(data) }));
    // Without user management (an insecure node) there are neither logins nor accounts.
    expect(created.map(({ loginName }) => loginName).sort()).toEqual([...logins].sort());
    for (const { stream, loginName } of created) expect(stream).toBe(`$user-${loginName}`);
    if (logins.length > 0)
      expect(created.map(({ loginName, groups }) => ({ loginName, groups }))).toEqual(
        expect.arrayContaining([
          { loginName: 'admin', groups: ['$admins'] },
          { loginName: 'ops', groups: ['$ops'] },
        ]),
      );
  });
});
