import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { signToken } from '../api/testing/test-api.ts';
import { startChild } from './_child.ts';
import { watchOrders } from './_live-probe.ts';

const root = join(import.meta.dirname, '..');

/** The live layer alone on a feed its process drives: publish → Socket.IO client. */
export const liveLayerOnly = async (rate: number, seconds: number): Promise<number[]> => {
  const driver = await startChild(
    join(root, 'bench', '_live-feed-driver.ts'),
    ['--rate', String(rate), '--seconds', String(seconds)],
    {},
    /listening (http\S+)/,
  );
  let heap = '';
  driver.child.stdout?.on('data', (chunk: Buffer) => {
    heap = /done heap (\d+ MB)/.exec(chunk.toString())?.[1] ?? heap;
  });
  try {
    const watcher = await watchOrders(
      driver.url,
      await signToken({ sub: 'bench-operator', roles: ['operator'] }),
    );
    const expected = rate * 7 * seconds;
    const deadline = Date.now() + (seconds + 30) * 1000;
    while (watcher.receipts.length < expected && Date.now() < deadline) await sleep(100);
    watcher.close();
    console.log(
      `live layer alone: ${watcher.receipts.length} of ${expected} order.changed received; ` +
        `its process's heap after the run ${heap || 'unknown'}`,
    );
    if (watcher.receipts.length < expected) process.exitCode = 1;
    return watcher.receipts.map((receipt) => receipt.at - Date.parse(receipt.updatedAt));
  } finally {
    await driver.stop();
  }
};
