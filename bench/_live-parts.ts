import { join } from 'node:path';
import { testSecret } from '../api/testing/test-api.ts';
import { startLocalFerretDb } from '../infra/test-servers/mongodb.ts';
import { freePort, startChild, waitForHttp, type ChildServer } from './_child.ts';

const root = join(import.meta.dirname, '..');

/**
 * Starts the system for `npm run bench -- live` on `eventStore`: `one` process, or `split` into
 * projections, processes and api over MongoDB (MONGODB_URL, else a local FerretDB).
 */
export const startParts = async (mode: string, eventStore: string) => {
  const [apiPort, livePort] = await Promise.all([freePort(), freePort()]);
  const env: Record<string, string> = {
    EVENTSTORE_CONNECTION_STRING: eventStore,
    JWT_SECRET: testSecret,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    CARRIER_DELIVERY_DELAY_MS: '1000',
  };
  const children: ChildServer[] = [];
  const stops: (() => Promise<void>)[] = [];
  const part = async (name: string, extra: Record<string, string>, pattern: RegExp) => {
    const args = ['--part', name, '--live-port', String(livePort)];
    const script = join(root, 'bench', '_live-system.ts');
    children.push(await startChild(script, args, { ...env, ...extra }, pattern));
  };
  if (mode === 'one') {
    await part('all', { PORT: String(apiPort) }, /live (http\S+)/);
  } else {
    let mongo = process.env.MONGODB_URL;
    if (mongo === undefined || mongo === '') {
      const ferretDb = await startLocalFerretDb();
      stops.push(() => ferretDb.stop());
      mongo = ferretDb.url;
    }
    env.MONGODB_URL = mongo;
    env.MONGODB_DATABASE = `bench_live_${Date.now()}`;
    await part('projections', {}, /projections running/);
    const processesPort = await freePort();
    const main = join(root, 'api', 'main.ts');
    children.push(
      await startChild(main, [], { ...env, ROLE: 'processes', PORT: String(processesPort) }),
    );
    await waitForHttp(`http://127.0.0.1:${processesPort}/ready`);
    await part('api', { PORT: String(apiPort) }, /live (http\S+)/);
  }
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  await waitForHttp(`${apiUrl}/ready`);
  return {
    apiUrl,
    liveUrl: `http://127.0.0.1:${livePort}`,
    async stop() {
      for (const child of children.reverse()) await child.stop();
      for (const stop of stops) await stop();
    },
  };
};
