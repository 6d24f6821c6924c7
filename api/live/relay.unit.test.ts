import { describe, expect, it } from 'vitest';
import { OrderOwners } from './ownership.ts';
import { ChangeRelay, type Emission, type Relayed } from './relay.ts';
import { replayFor } from './replay.ts';
import { levelChange, summaryChange, timelineChange } from './testing/changes.ts';

const emitted = (relayed: Relayed[]) =>
  relayed.flatMap((r) => (r.kind === 'emit' ? [r.emission] : []));
const entryTypes = (emissions: Emission[]) =>
  emissions.flatMap((e) => (e.payload.entries as { type: string }[]).map((x) => x.type));

describe('the relay of read-model changes', () => {
  it('sends a summary to the orders room and the order room, and learns the owner', async () => {
    const owners = new OrderOwners(undefined);
    const relay = new ChangeRelay(owners);
    const change = summaryChange('o-1', 'alice', 'placed', 7);

    expect(emitted(relay.live(change))).toEqual([
      {
        rooms: ['orders', 'order:o-1'],
        event: 'order.changed',
        payload: { orderId: 'o-1', summary: change.document, position: 7 },
      },
    ]);
    expect(await owners.ownerOf('o-1')).toBe('alice');
  });

  it('sends each timeline entry once, and all of them for an order it has not seen', () => {
    const relay = new ChangeRelay(new OrderOwners(undefined));
    const types = ['OrderPlaced', 'StockReserved', 'OrderConfirmed'];

    expect(entryTypes(emitted(relay.live(timelineChange('o-1', 'a', types.slice(0, 2)))))).toEqual(
      types.slice(0, 2),
    );
    expect(relay.live(timelineChange('o-1', 'a', types.slice(0, 2)))).toEqual([]);
    const third = emitted(relay.live(timelineChange('o-1', 'a', types)));
    expect(third.map((e) => e.rooms)).toEqual([['order:o-1']]);
    expect(entryTypes(third)).toEqual(['OrderConfirmed']);
  });

  it('turns stock levels, stats and rebuild progress into their events', () => {
    const relay = new ChangeRelay(new OrderOwners(undefined));
    const progress = { name: 'order_timelines', rebuild: { progress: 1, done: true } };

    expect(emitted(relay.live(levelChange('SKU-1', 5, 9)))).toEqual([
      {
        rooms: ['orders'],
        event: 'inventory.changed',
        payload: { sku: 'SKU-1', level: levelChange('SKU-1', 5, 9).document, position: 9 },
        coalesce: 'inventory:SKU-1',
      },
    ]);
    expect(
      relay.live({ projection: 'ops_stats', id: 'by-status', position: 4, document: {} }),
    ).toEqual([{ kind: 'stats', position: 4 }]);
    expect(
      emitted(relay.live({ projection: 'projections', id: 'x', position: 0, document: progress })),
    ).toMatchObject([
      { rooms: ['admin'], event: 'projection.progress', payload: { ...progress, position: 0 } },
    ]);
  });

  it('drops what it cannot route: unknown read models and documents of another shape', () => {
    const relay = new ChangeRelay(new OrderOwners(undefined));

    expect(relay.live({ projection: 'elsewhere', id: 'x', position: 1, document: {} })).toEqual([]);
    expect(
      relay.live({ projection: 'order_summaries', id: 'x', position: 1, document: { a: 1 } }),
    ).toEqual([]);
    expect(
      relay.live({ projection: 'inventory_levels', id: 'x', position: 1, document: null }),
    ).toEqual([]);
  });
});

describe('a replay after a reconnect', () => {
  it('sends the rooms the client is in: every summary, new timeline entries once, the latest level', () => {
    const relay = new ChangeRelay(new OrderOwners(undefined));
    const changes = [
      summaryChange('o-1', 'a', 'confirmed', 20),
      timelineChange('o-1', 'a', ['OrderPlaced', 'OrderConfirmed']),
      levelChange('SKU-1', 9, 21),
      summaryChange('o-2', 'b', 'placed', 22),
      timelineChange('o-1', 'a', ['OrderPlaced', 'OrderConfirmed', 'OrderShipped']),
      summaryChange('o-1', 'a', 'shipped', 30),
      levelChange('SKU-1', 8, 31),
      { projection: 'ops_stats', id: 'by-status', position: 31, document: {} },
    ];

    const replay = replayFor(changes, 20, relay, (rooms) => rooms.includes('order:o-1'));

    expect(replay.emissions.map((e) => [e.event, e.payload.position])).toEqual([
      ['order.changed', 20],
      ['timeline.appended', 30],
      ['order.changed', 30],
    ]);
    expect(replay.emissions[1]?.payload.entries).toMatchObject([
      { type: 'OrderConfirmed' },
      { type: 'OrderShipped' },
    ]);
    expect(replay.statsPosition).toBe(31);

    const operator = replayFor(changes, 20, relay, (rooms) => rooms.includes('orders'));
    expect(operator.emissions.map((e) => [e.event, e.payload.position])).toEqual([
      ['order.changed', 20],
      ['inventory.changed', 31],
      ['order.changed', 22],
      ['order.changed', 30],
    ]);
  });
});
