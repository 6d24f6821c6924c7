import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.ts';
import { OrderOwners } from './ownership.ts';
import { parseRoom } from './protocol.ts';
import { mayJoin } from './rooms.ts';

const who = (sub: string, ...roles: Principal['roles']): Principal => ({ sub, roles });

describe('rooms', () => {
  it('are orders, admin, ops and order:<id>, with ids as the HTTP routes take them', () => {
    expect(parseRoom('orders')).toEqual({ kind: 'orders' });
    expect(parseRoom('admin')).toEqual({ kind: 'admin' });
    expect(parseRoom('ops')).toEqual({ kind: 'ops' });
    expect(parseRoom('order:3f2a-9.b_c')).toEqual({ kind: 'order', orderId: '3f2a-9.b_c' });
    for (const name of [
      'order:',
      'order:a/b',
      'order:a b',
      'Orders',
      'order',
      'Ops',
      'ops:1',
      `order:${'x'.repeat(129)}`,
    ])
      expect(parseRoom(name)).toBeUndefined();
  });

  it("are open to an order's customer only for that order, looked up once", async () => {
    let lookups = 0;
    const owners = new OrderOwners((id) => {
      lookups++;
      return Promise.resolve(id === 'o-1' ? 'alice' : undefined);
    });
    const order = { kind: 'order', orderId: 'o-1' } as const;

    expect(await mayJoin(who('alice', 'customer'), order, owners)).toBe(true);
    expect(await mayJoin(who('alice', 'customer'), order, owners)).toBe(true);
    expect(lookups).toBe(1);
    expect(await mayJoin(who('bob', 'customer'), order, owners)).toBe('no such order');
    expect(await mayJoin(who('alice', 'customer'), { kind: 'order', orderId: 'o-2' }, owners)).toBe(
      'no such order',
    );
    expect(await mayJoin(who('alice', 'customer'), { kind: 'orders' }, owners)).not.toBe(true);
  });

  it('are open to staff by role, the admin room to admins only', async () => {
    const owners = new OrderOwners(() => Promise.resolve(undefined));
    const order = { kind: 'order', orderId: 'o-9' } as const;

    for (const role of ['operator', 'auditor', 'admin'] as const) {
      expect(await mayJoin(who('s', role), order, owners)).toBe(true);
      expect(await mayJoin(who('s', role), { kind: 'orders' }, owners)).toBe(true);
    }
    expect(await mayJoin(who('s', 'operator', 'auditor'), { kind: 'admin' }, owners)).not.toBe(
      true,
    );
    expect(await mayJoin(who('s', 'admin'), { kind: 'admin' }, owners)).toBe(true);
  });

  it('are open to operators and admins for ops (the System health page), to no one else', async () => {
    const owners = new OrderOwners(() => Promise.resolve(undefined));
    const ops = { kind: 'ops' } as const;

    expect(await mayJoin(who('olga', 'operator'), ops, owners)).toBe(true);
    expect(await mayJoin(who('adam', 'admin'), ops, owners)).toBe(true);
    expect(await mayJoin(who('alice', 'customer'), ops, owners)).toBe(
      'the ops room is for operators and admins',
    );
    expect(await mayJoin(who('aude', 'auditor'), ops, owners)).toBe(
      'the ops room is for operators and admins',
    );
  });
});
