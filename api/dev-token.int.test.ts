import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../infra/config.ts';
import { silentLogger } from '../infra/logger.ts';
import { createRemoteHost, type RemoteHost } from '../infra/test-servers/remote-host.ts';
import { startSystem, type RunningSystem } from './system.ts';

// Embedded mode hands out any role to whoever asks, so it must stay on this machine: loopback by
// default, and dev tokens only for loopback peers even when HOST is widened.
let dataDir: string;
let remote: RemoteHost;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'order-ledger-dev-token-'));
  remote = await createRemoteHost();
});
afterAll(async () => {
  await remote.remove();
  await rm(dataDir, { recursive: true, force: true });
});

const start = (env: Record<string, string>) =>
  startSystem({
    config: loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      EMBEDDED_EVENTSTORE_PORT: '0',
      LOG_LEVEL: 'silent',
      ...env,
    }),
    role: 'api',
    logger: silentLogger(),
  });

const portOf = (system: RunningSystem) => new URL(system.url).port;

// Asks for an admin token from inside the test host; prints the status (or the connect error).
const askFromRemote = (url: string) =>
  remote.exec(process.execPath, [
    '-e',
    `fetch(${JSON.stringify(url)}, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '127.0.0.1' }, body: JSON.stringify({ sub: 'mallory', roles: ['admin'] }) })
       .then(async (r) => console.log(r.status, r.headers.get('content-type'), await r.text()), (e) => console.log('unreachable', e.cause?.code ?? e.message))`,
  ]);

describe('dev tokens in embedded mode', () => {
  it('listens on loopback by default: another host cannot even connect', async () => {
    const system = await start({});
    try {
      expect(system.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
      const answer = await askFromRemote(
        `http://${remote.localAddress}:${portOf(system)}/api/auth/dev-token`,
      );
      expect(answer).toMatch(/^unreachable/);
    } finally {
      await system.stop();
    }
  });

  it('with HOST widened, refuses a caller from another host and still serves one on loopback', async () => {
    const system = await start({ HOST: '0.0.0.0' });
    try {
      const answer = await askFromRemote(
        `http://${remote.localAddress}:${portOf(system)}/api/auth/dev-token`,
      );
      expect(answer).toMatch(/^403 application\/problem\+json/);
      expect(answer).toContain('urn:order-ledger:problem:dev_token_remote');
      expect(answer).not.toContain('token":"ey');

      const local = await fetch(`http://127.0.0.1:${portOf(system)}/api/auth/dev-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sub: 'alice', roles: ['customer'] }),
      });
      expect(local.status).toBe(200);
      const issued = (await local.json()) as { token?: unknown };
      expect(typeof issued.token).toBe('string');
    } finally {
      await system.stop();
    }
  });
});
