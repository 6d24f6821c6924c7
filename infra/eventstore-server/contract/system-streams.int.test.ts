import { START, type EventStoreDBClient } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { connectClient, disposeClient } from './client.ts';

// What a new KurrentDB node writes into an empty database before anyone else: the default
// `admin` and `ops` accounts of its user management (`$user-admin`, `$user-ops`, and their login
// names in `$users`). They come first in $all whatever the suite wrote since.
describe('the system streams of a new database', () => {
  let client: EventStoreDBClient;
  beforeAll(() => {
    client = connectClient();
  });
  afterAll(async () => {
    await disposeClient(client);
  });

  test('$all begins with the default accounts: $UserCreated in $user-admin and $user-ops, $User in $users', async () => {
    const first: { stream: string; type: string; data: unknown }[] = [];
    for await (const resolved of client.readAll({ fromPosition: START, maxCount: 100 })) {
      const event = resolved.event;
      if (event !== undefined)
        first.push({ stream: event.streamId, type: event.type, data: event.data });
    }
    const account = z.object({ loginName: z.string(), groups: z.array(z.string()) });
    const created = first.filter((event) => event.type === '$UserCreated');
    expect(created.map(({ stream, data }) => ({ stream, ...account.parse(data) }))).toEqual(
      expect.arrayContaining([
        { stream: '$user-admin', loginName: 'admin', groups: ['$admins'] },
        { stream: '$user-ops', loginName: 'ops', groups: ['$ops'] },
      ]),
    );
    const logins = first
      .filter((event) => event.stream === '$users' && event.type === '$User')
      .map(({ data }) => (data instanceof Uint8Array ? Buffer.from(data).toString('utf8') : data));
    expect(logins).toEqual(expect.arrayContaining(['admin', 'ops']));
    // Nothing of the suite's own comes before them: every stream so far is a system stream.
    const firstUserEvent = first.findIndex((event) => !event.stream.startsWith('$'));
    const lastAccountEvent = first.findLastIndex((event) => event.stream === '$users');
    expect(firstUserEvent === -1 || firstUserEvent > lastAccountEvent).toBe(true);
  });
});
