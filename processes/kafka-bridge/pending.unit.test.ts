import { describe, expect, it } from 'vitest';
import { PendingEvents } from './pending.ts';
import { bridged } from './testing/recorded.ts';

const weighOne = () => 1;

describe('events waiting for Kafka', () => {
  it('hands them out in arrival order, no more than asked', () => {
    const pending = new PendingEvents<ReturnType<typeof bridged>>();
    for (const revision of [0, 1, 2]) void pending.add(bridged('order-1', revision));
    expect(pending.take(2, weighOne, Infinity).map((event) => event.revision)).toEqual([0, 1]);
    expect(pending.take(5, weighOne, Infinity).map((event) => event.revision)).toEqual([2]);
    expect(pending.waiting).toBe(0);
    expect(pending.unsettled).toBe(3);
  });

  it('stops a batch before it gets too heavy, but always takes one', () => {
    const pending = new PendingEvents<ReturnType<typeof bridged>>();
    for (const revision of [0, 1, 2]) void pending.add(bridged('order-1', revision));
    const weigh = () => 60;
    expect(pending.take(10, weigh, 100)).toHaveLength(1);
    expect(pending.take(10, weigh, 10)).toHaveLength(1);
  });

  it('lets a redelivered event wait with the first delivery instead of queueing it twice', async () => {
    const pending = new PendingEvents<ReturnType<typeof bridged>>();
    const first = pending.add(bridged('order-1', 0, 'e-1'));
    const [taken] = pending.take(10, weighOne, Infinity);
    const again = pending.add(bridged('order-1', 0, 'e-1'));
    expect(pending.waiting).toBe(0);
    let settled = false;
    void again.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    pending.resolve(taken ? [taken] : []);
    await expect(Promise.all([first, again])).resolves.toEqual([undefined, undefined]);
  });

  it('queues an event afresh once its first delivery was settled', () => {
    const pending = new PendingEvents<ReturnType<typeof bridged>>();
    void pending.add(bridged('order-1', 0, 'e-1'));
    pending.resolve(pending.take(1, weighOne, Infinity));
    void pending.add(bridged('order-1', 0, 'e-1'));
    expect(pending.waiting).toBe(1);
  });

  it('rejects everything unsettled, taken or not, when told to', async () => {
    const pending = new PendingEvents<ReturnType<typeof bridged>>();
    const taken = pending.add(bridged('order-1', 0));
    pending.take(1, weighOne, Infinity);
    const waiting = pending.add(bridged('order-1', 1));
    pending.rejectAll(new Error('stopped'));
    await expect(taken).rejects.toThrow('stopped');
    await expect(waiting).rejects.toThrow('stopped');
    expect(pending.unsettled).toBe(0);
  });

  it('wakes a waiter when an event arrives, or when interrupted', async () => {
    const pending = new PendingEvents<ReturnType<typeof bridged>>();
    const woken = pending.whenWaiting();
    void pending.add(bridged('order-1', 0));
    await expect(woken).resolves.toBeUndefined();
    pending.take(1, weighOne, Infinity);
    const interrupted = pending.whenWaiting();
    pending.interrupt();
    await expect(interrupted).resolves.toBeUndefined();
  });
});
