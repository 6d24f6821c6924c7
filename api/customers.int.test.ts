import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerEvents } from '../domain/customer/index.ts';
import { customerStream } from '../domain/streams.ts';
import { startTestApi, type TestApi } from './testing/test-api.ts';

// Customer accounts end to end over HTTP, against the harness's event store: personal data goes
// into the log sealed, and erasing a customer destroys their key and nothing else.
let api: TestApi;
let dataDir: string;
const run = randomUUID().slice(0, 8);

const person = (who: string) => ({
  email: `${who}.${run}@example.com`,
  password: `a long passphrase for ${who}`,
  name: `${who} Lovelace-${run}`,
});
const address = (who: string) => ({
  recipient: `${who} Recipient-${run}`,
  line1: `${run} Rue des ${who}`,
  postalCode: `750${run.slice(0, 2)}`,
  city: `Paris-${who}-${run}`,
  country: 'FR',
  phone: `+33 6 ${run.replace(/\D/g, '1').slice(0, 8)}`,
});

const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;
type Profile = {
  customerId: string;
  status: string;
  email: unknown;
  name: unknown;
  phone: unknown;
  addresses: { addressId: string; city: string; isDefault: boolean }[];
  roles: string[];
};

const register = (body: unknown) => api.request('/api/customers', { method: 'POST', json: body });
const signIn = async ({ email, password }: { email: string; password: string }) => {
  const response = await api.request('/api/customers/sign-in', {
    method: 'POST',
    json: { email, password },
  });
  expect(response.status).toBe(200);
  return json<{ token: string; customerId: string; roles: string[] }>(response);
};
const revisionOf = async (customerId: string) =>
  (await api.system.store.readStream(customerStream(customerId), customerEvents)).revision;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'customers-'));
  api = await startTestApi({ DATA_DIR: dataDir, PASSWORD_HASH_COST: '14' });
});
afterAll(async () => {
  await api.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('registering and signing in', () => {
  it('given a new e-mail, when registering, then 201 with Location, and the e-mail is taken in any case', async () => {
    const alice = person('Alice');
    const response = await register(alice);
    expect(response.status).toBe(201);
    const { customerId } = await json<{ customerId: string }>(response);
    expect(response.headers.get('location')).toBe(`/api/customers/${customerId}`);

    const again = await register({ ...person('Other'), email: alice.email.toUpperCase() });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(await json<{ code: string }>(again)).toMatchObject({ code: 'email_already_registered' });
  });

  it('given two sign-ups with one e-mail at once, then one is registered and the other refused', async () => {
    const same = person('Twin');
    const answers = await Promise.all([register(same), register({ ...same, name: 'Twin Two' })]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('refuses bad input with a problem naming the fields, and writes nothing', async () => {
    for (const body of [
      { ...person('Bad'), email: 'not-an-e-mail' },
      { ...person('Bad'), password: 'short' },
      { ...person('Bad'), name: 'Bad\u202Ename' },
      { ...person('Bad'), isAdmin: true },
    ]) {
      const response = await register(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    const { email, password } = person('Bad');
    const response = await api.request('/api/customers/sign-in', {
      method: 'POST',
      json: { email, password },
    });
    expect(response.status).toBe(401);
  });

  it('signs in with the right password only, and the token says who and what', async () => {
    const bob = person('Bob');
    const { customerId } = await json<{ customerId: string }>(await register(bob));
    const wrong = await api.request('/api/customers/sign-in', {
      method: 'POST',
      json: { email: bob.email, password: 'not the passphrase' },
    });
    expect(wrong.status).toBe(401);
    expect(await json<{ detail: string }>(wrong)).toMatchObject({
      detail: 'wrong e-mail or password',
    });
    const session = await signIn({ email: ` ${bob.email.toUpperCase()} `, password: bob.password });
    expect(session).toMatchObject({ customerId, roles: ['customer'] });
    const me = await api.request('/api/auth/me', { token: session.token });
    expect(await json(me)).toEqual({ sub: customerId, roles: ['customer'] });
  });

  it('changes the password when the current one is given, and signs out for good', async () => {
    const carol = person('Carol');
    await register(carol);
    const { token } = await signIn(carol);
    const change = (currentPassword: string) =>
      api.request('/api/customers/me/password', {
        method: 'PUT',
        token,
        json: { currentPassword, newPassword: 'a brand new passphrase' },
      });
    expect((await change('not the current one')).status).toBe(403);
    expect((await change(carol.password)).status).toBe(204);
    await signIn({ email: carol.email, password: 'a brand new passphrase' });
    const old = await api.request('/api/customers/sign-in', {
      method: 'POST',
      json: { email: carol.email, password: carol.password },
    });
    expect(old.status).toBe(401);

    expect((await api.request('/api/customers/sign-out', { method: 'POST', token })).status).toBe(
      204,
    );
    expect((await api.request('/api/customers/me', { token })).status).toBe(401);
  });
});

describe('profile, addresses and erasure', () => {
  it('given two customers with addresses, when one erases themself, then their data reads erased and the other is untouched', async () => {
    const [dora, eve] = [person('Dora'), person('Eve')];
    const doraId = (await json<{ customerId: string }>(await register(dora))).customerId;
    const eveId = (await json<{ customerId: string }>(await register(eve))).customerId;
    const doraToken = (await signIn(dora)).token;
    const eveToken = (await signIn(eve)).token;

    const added = await api.request('/api/customers/me/addresses', {
      method: 'POST',
      token: doraToken,
      json: address('Dora'),
    });
    expect(added.status).toBe(201);
    const first = await json<{ addressId: string; isDefault: boolean }>(added);
    expect(first.isDefault).toBe(true);
    expect(added.headers.get('location')).toBe(`/api/customers/me/addresses/${first.addressId}`);
    const second = await json<{ addressId: string }>(
      await api.request('/api/customers/me/addresses', {
        method: 'POST',
        token: doraToken,
        json: { ...address('Dora'), city: 'Lyon', makeDefault: true },
      }),
    );
    await api.request('/api/customers/me/addresses', {
      method: 'POST',
      token: eveToken,
      json: address('Eve'),
    });
    const patched = await api.request('/api/customers/me', {
      method: 'PATCH',
      token: doraToken,
      json: { phone: '+33 1 23 45 67 89' },
    });
    expect(await json<Profile>(patched)).toMatchObject({
      customerId: doraId,
      status: 'active',
      email: dora.email,
      name: dora.name,
      phone: '+33 1 23 45 67 89',
      addresses: [
        { addressId: first.addressId, city: address('Dora').city, isDefault: false },
        { addressId: second.addressId, city: 'Lyon', isDefault: true },
      ],
    });
    const removed = await api.request(`/api/customers/me/addresses/${second.addressId}`, {
      method: 'DELETE',
      token: doraToken,
    });
    expect(removed.status).toBe(204);
    const list = await json<{ items: Profile['addresses'] }>(
      await api.request('/api/customers/me/addresses', { token: doraToken }),
    );
    expect(list.items).toMatchObject([{ addressId: first.addressId, isDefault: true }]);

    // The auditor's view of the account: every event, envelopes opened, password hashes hidden.
    const auditor = await api.token('aud-1', 'auditor');
    const history = async () =>
      json<{ events: { type: string; data: Record<string, unknown>; actor: string }[] }>(
        await api.request(`/api/customers/${doraId}/history`, { token: auditor }),
      );
    const before = await history();
    expect(before.events[0]).toMatchObject({
      type: 'CustomerRegistered',
      actor: doraId,
      data: { email: dora.email, name: dora.name, passwordHash: { hidden: true } },
    });
    expect(before.events[1]).toMatchObject({
      type: 'CustomerAddressAdded',
      data: { address: { city: address('Dora').city, country: 'FR' }, isDefault: true },
    });
    expect(
      (await api.request(`/api/customers/${doraId}/history`, { token: eveToken })).status,
    ).toBe(403);

    // Eve may not erase Dora: refused, and nothing is written.
    const revisionBefore = await revisionOf(doraId);
    const refused = await api.request(`/api/customers/${doraId}/erase`, {
      method: 'POST',
      token: eveToken,
    });
    expect(refused.status).toBe(403);
    expect(await revisionOf(doraId)).toBe(revisionBefore);
    // A refused erasure leaves the key too: the data still opens.
    expect(await json(await api.request('/api/customers/me', { token: doraToken }))).toMatchObject({
      name: dora.name,
    });

    const erased = await api.request(`/api/customers/${doraId}/erase`, {
      method: 'POST',
      token: doraToken,
    });
    expect(erased.status).toBe(200);
    const gone = { erased: true };
    const expected = {
      customerId: doraId,
      status: 'erased',
      email: gone,
      name: gone,
      phone: gone,
      addresses: [],
    };
    expect(await json(erased)).toEqual({ ...expected, roles: [] });
    expect(await json(await api.request('/api/customers/me', { token: doraToken }))).toMatchObject(
      expected,
    );

    // The same history now: every envelope reads erased, nothing else changed, the erasure is last.
    const after = await history();
    expect(after.events).toHaveLength(before.events.length + 1);
    expect(after.events[0]).toMatchObject({
      data: { email: gone, name: gone, passwordHash: { hidden: true } },
    });
    expect(after.events[1]).toMatchObject({ data: { address: gone, isDefault: true } });
    expect(after.events.at(-1)).toMatchObject({
      type: 'CustomerErased',
      actor: doraId,
      data: { requestedBy: doraId, requestedAs: 'self' },
    });
    expect(JSON.stringify(after)).not.toContain(dora.email);

    // The audit trail: who asked, as data and as the event's actor.
    const { events } = await api.system.store.readStream(customerStream(doraId), customerEvents);
    expect(events.at(-1)).toMatchObject({
      event: { type: 'CustomerErased', data: { requestedBy: doraId, requestedAs: 'self' } },
      metadata: { actor: doraId },
    });

    // After erasure: no change, no sign-in; a repeat writes nothing; the e-mail is free again.
    const change = await api.request('/api/customers/me/addresses', {
      method: 'POST',
      token: doraToken,
      json: address('Dora'),
    });
    expect(change.status).toBe(409);
    expect(await json(change)).toMatchObject({ code: 'customer_erased' });
    const revision = await revisionOf(doraId);
    const admin = await api.token('admin-1', 'admin');
    expect(
      (await api.request(`/api/customers/${doraId}/erase`, { method: 'POST', token: admin }))
        .status,
    ).toBe(200);
    expect(await revisionOf(doraId)).toBe(revision);
    const signInAgain = { email: dora.email, password: dora.password };
    expect(
      (await api.request('/api/customers/sign-in', { method: 'POST', json: signInAgain })).status,
    ).toBe(401);
    expect((await register(dora)).status).toBe(201);

    const eveNow = await json<Profile>(
      await api.request(`/api/customers/${eveId}`, { token: admin }),
    );
    expect(eveNow).toMatchObject({ status: 'active', email: eve.email, name: eve.name });
    expect(eveNow.addresses).toMatchObject([{ city: address('Eve').city, isDefault: true }]);
  });

  it('lets an admin, and no one else, grant staff roles, which the next sign-in carries', async () => {
    const fay = person('Fay');
    const fayId = (await json<{ customerId: string }>(await register(fay))).customerId;
    const grant = async (token: string, role: string) =>
      api.request(`/api/customers/${fayId}/roles`, { method: 'POST', token, json: { role } });
    expect((await grant((await signIn(fay)).token, 'admin')).status).toBe(403);
    const admin = await api.token('admin-1', 'admin');
    expect((await grant(admin, 'customer')).status).toBe(400);
    const granted = await grant(admin, 'operator');
    expect(await json(granted)).toMatchObject({ roles: ['customer', 'operator'] });
    expect((await signIn(fay)).roles).toEqual(['customer', 'operator']);
    const { events } = await api.system.store.readStream(customerStream(fayId), customerEvents);
    expect(events.at(-1)).toMatchObject({
      event: { type: 'CustomerRoleGranted', data: { role: 'operator', grantedBy: 'admin-1' } },
      metadata: { actor: 'admin-1' },
    });
  });
});

describe('the raw event log', () => {
  it('given customers with profiles and addresses, then no event or stream name holds their personal data in clear', async () => {
    const people = [person('Gus'), person('Hana')];
    for (const who of people) {
      await register(who);
      const { token } = await signIn(who);
      await api.request('/api/customers/me/addresses', {
        method: 'POST',
        token,
        json: address(who.name),
      });
      await api.request('/api/customers/me', {
        method: 'PATCH',
        token,
        json: { phone: `+44 20 7946 ${run.slice(0, 4).replace(/\D/g, '0')}` },
      });
    }
    const secrets = people.flatMap((who) => {
      const where = address(who.name);
      return [
        who.email,
        who.email.split('@')[0] ?? '',
        who.name,
        who.password,
        where.recipient,
        where.line1,
        where.city,
      ];
    });

    let scanned = 0;
    let customerEventsSeen = 0;
    const leaks: string[] = [];
    const decoder = new TextDecoder();
    for await (const resolved of api.system.store.client.readAll()) {
      const event = resolved.event;
      if (event === undefined) continue;
      scanned += 1;
      if (event.streamId.startsWith('customer-')) customerEventsSeen += 1;
      const raw = [
        event.streamId,
        event.type,
        event.isJson ? JSON.stringify(event.data) : decoder.decode(event.data),
        event.metadata instanceof Uint8Array
          ? decoder.decode(event.metadata)
          : JSON.stringify(event.metadata),
      ]
        .join('\n')
        .toLowerCase();
      for (const secret of secrets)
        if (raw.includes(secret.toLowerCase())) leaks.push(`${event.streamId}: ${secret}`);
    }
    // Each person: a claim, a registration, an address and a profile change at least.
    expect(customerEventsSeen).toBeGreaterThanOrEqual(people.length * 4);
    expect(scanned).toBeGreaterThanOrEqual(customerEventsSeen);
    expect(leaks).toEqual([]);
  });
});

describe('sign-in limits', () => {
  let limited: TestApi;
  beforeAll(async () => {
    limited = await startTestApi({
      DATA_DIR: dataDir,
      PASSWORD_HASH_COST: '14',
      SIGN_IN_RATE_LIMIT_PER_ACCOUNT: '3',
      SIGN_IN_RATE_LIMIT_PER_ADDRESS: '5',
    });
  });
  afterAll(async () => {
    await limited.stop();
  });
  const attempt = (email: string) =>
    limited.request('/api/customers/sign-in', {
      method: 'POST',
      json: { email, password: 'a guessed passphrase' },
    });

  it('refuses the 4th attempt on one account and the 6th from one address with 429 and Retry-After', async () => {
    const target = `target.${run}@example.com`;
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await attempt(target)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const other = [await attempt(`a.${run}@example.com`), await attempt(`b.${run}@example.com`)];
    // The address's 5 attempts: the four above and this first one.
    expect(other.map((r) => r.status)).toEqual([401, 429]);
    const last = other[1];
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await last?.json()).toMatchObject({ type: 'urn:order-ledger:problem:rate_limited' });
  });
});

describe('the OpenAPI document', () => {
  it('lists the customer routes with their methods', async () => {
    const document = (await (await api.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(document.paths['/api/customers/me'] ?? {})).toEqual(['get', 'patch']);
    expect(document.paths['/api/customers/me/password']).toHaveProperty('put');
    expect(Object.keys(document.paths['/api/customers/me/addresses/{addressId}'] ?? {})).toEqual([
      'put',
      'delete',
    ]);
    expect(document.paths['/api/customers/{id}/erase']).toHaveProperty('post');
  });
});
