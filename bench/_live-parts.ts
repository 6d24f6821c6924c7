import { join } from 'node:path';
import { testSecret } from '../api/testing/test-api.ts';
import { startLocalFerretDb } from '../infra/test-servers/mongodb.ts';
import { freePort, startChild, waitForHttp, type ChildServer } from './_child.ts';

const main = join(import.meta.dirname, '..', 'api', 'main.ts');

/**
 * Starts the system for `npm run bench -- live` on `eventStore`, as `npm start` does: `one`
 * process (role all), or `split` into projections, processes and api processes over MongoDB
 * (MONGODB_URL, else a local FerretDB). Socket.IO is served by the api process, on its port.
 */
export const startParts = async (mode: string, eventStore: string) => {
  const env: Record<string, string> = {
    EVENTSTORE_CONNECTION_STRING: eventStore,
    JWT_SECRET: testSecret,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ORDER_RATE_LIMIT_PER_MINUTE: '0',
    FRAUD_REVIEW_THRESHOLD: '101',
    CARRIER_DELIVERY_DELAY_MS: '1000',
    WAREHOUSE_PICK_PACK_MS: '0',
  };
  const children: ChildServer[] = [];
  const stops: (() => Promise<void>)[] = [];
  const role = async (name: string): Promise<string> => {
    const port = await freePort();
    children.push(await startChild(main, [], { ...env, ROLE: name, PORT: String(port) }));
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/ready`);
    return url;
  };
  let apiUrl: string;
  if (mode === 'one') {
    apiUrl = await role('all');
  } else {
    let mongo = process.env.MONGODB_URL;
    if (mongo === undefined || mongo === '') {
      const ferretDb = await startLocalFerretDb();
      stops.push(() => ferretDb.stop());
      mongo = ferretDb.url;
    }
    env.MONGODB_URL = mongo;
    env.MONGODB_DATABASE = `bench_live_${Date.now()}`;
    await role('projections');
    await role('processes');
    apiUrl = await role('api');
  }
  return {
    apiUrl,
    liveUrl: apiUrl,
    async stop() {
      for (const child of children.reverse()) await child.stop();
      for (const stop of stops) await stop();
    },
  };
};
