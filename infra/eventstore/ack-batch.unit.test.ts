import { describe, expect, it } from 'vitest';
import { createAckBatch } from './ack-batch.ts';

describe('createAckBatch', () => {
  it('sends the acks of one turn of the event loop in one message, and settles each with it', async () => {
    const sent: number[][] = [];
    const batch = createAckBatch<number>((items) => {
      sent.push(items);
      return Promise.resolve();
    });
    await Promise.all([batch.add(1), batch.add(2), batch.add(3)]);
    await batch.add(4);
    expect(sent).toEqual([[1, 2, 3], [4]]);
  });

  it('sends at once when a message is full', async () => {
    const sent: number[][] = [];
    const batch = createAckBatch<number>(
      (items) => {
        sent.push(items);
        return Promise.resolve();
      },
      { max: 2 },
    );
    await Promise.all([1, 2, 3, 4, 5].map((n) => batch.add(n)));
    expect(sent).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('fails every ack of a message that could not be sent, and goes on with the next', async () => {
    let fail = true;
    const batch = createAckBatch<number>(() =>
      fail ? Promise.reject(new Error('connection lost')) : Promise.resolve(),
    );
    const results = await Promise.allSettled([batch.add(1), batch.add(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(batch.add(3)).resolves.toBeUndefined();
  });
});
