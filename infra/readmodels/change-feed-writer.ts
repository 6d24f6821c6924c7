import type { Logger } from '../logger.ts';
import type { ReadModelChange } from './change-feed.ts';
import type { ChangeRing } from './change-feed-ring.ts';

interface Pending {
  changes: ReadModelChange[];
  /** Changes of this publish not yet written. */
  left: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** How many times a writer may find its number taken before it gives up on a batch. */
const maxClaims = 64;

export interface RingWriter {
  /** Resolves once every change is in the ring. */
  write(changes: readonly ReadModelChange[]): Promise<void>;
  /** Resolves once nothing is waiting or being written. */
  drain(): Promise<void>;
}

/**
 * Writes published changes into the ring, one slot at a time (so the numbers this process
 * claims stay in publish order): what was published while a slot was being written goes into
 * the next one together, up to `maxPerSlot` changes. Numbers are dense across processes: a
 * writer only claims the number after one it saw claimed, so a reader never meets a hole.
 */
export const createRingWriter = (
  ring: ChangeRing,
  options: { maxPerSlot: number; logger: Logger },
): RingWriter => {
  const queue: Pending[] = [];
  let next: number | undefined;
  let running: Promise<void> | undefined;
  let headWanted = 0;
  let headWriting: Promise<void> | undefined;

  const claim = async (changes: readonly ReadModelChange[]): Promise<number> => {
    for (let attempt = 0; attempt < maxClaims; attempt++) {
      const seq = next ?? (await ring.head()) + 1;
      if (await ring.claim(seq, changes)) {
        next = seq + 1;
        return seq;
      }
      // Another process has it: carry on after the number that slot holds.
      next = Math.max(seq, (await ring.peek(seq))?.seq ?? seq) + 1;
    }
    throw new Error(`no free number in the change ring after ${maxClaims} tries`);
  };

  // The head only tells newcomers where to start: written behind the slots, the latest wins.
  const advanceHead = (seq: number) => {
    headWanted = Math.max(headWanted, seq);
    headWriting ??= (async () => {
      let written = 0;
      while (written < headWanted) {
        const target = headWanted;
        try {
          await ring.advanceHead(target);
        } catch (error) {
          options.logger.warn({ err: error }, 'could not move the change ring head');
          break;
        }
        written = target;
      }
      headWriting = undefined;
    })();
  };

  const takeBatch = (): { batch: Pending[]; changes: ReadModelChange[] } => {
    const batch: Pending[] = [];
    const changes: ReadModelChange[] = [];
    for (const pending of queue) {
      const room = options.maxPerSlot - changes.length;
      if (room <= 0) break;
      const start = pending.changes.length - pending.left;
      const taken = pending.changes.slice(start, start + room);
      changes.push(...taken);
      pending.left -= taken.length;
      batch.push(pending);
    }
    return { batch, changes };
  };

  const run = async () => {
    while (queue.length > 0) {
      const { batch, changes } = takeBatch();
      try {
        const seq = await claim(changes);
        advanceHead(seq);
        for (const pending of batch) {
          if (pending.left > 0) continue;
          queue.splice(queue.indexOf(pending), 1);
          pending.resolve();
        }
      } catch (error) {
        // A failed slot fails every publish with changes in it (the rest of theirs is dropped).
        for (const pending of batch) {
          queue.splice(queue.indexOf(pending), 1);
          pending.reject(error);
        }
        next = undefined;
      }
    }
  };

  const kick = () => {
    running ??= run().finally(() => {
      running = undefined;
      // A publish may have come in between the loop's last check and this callback.
      if (queue.length > 0) kick();
    });
  };

  return {
    write(changes) {
      if (changes.length === 0) return Promise.resolve();
      const publishedAt = Date.now();
      return new Promise<void>((resolve, reject) => {
        const stamped = changes.map((change) => ({ ...change, publishedAt }));
        queue.push({ changes: stamped, left: stamped.length, resolve, reject });
        kick();
      });
    },
    async drain() {
      while (running !== undefined || headWriting !== undefined) {
        await running;
        await headWriting;
      }
    },
  };
};
