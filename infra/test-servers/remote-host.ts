import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A second host on this machine: a network namespace joined to ours by a veth pair. */
export interface RemoteHost {
  /** Our side of the link: a server listening here (or on 0.0.0.0) is reachable from the host. */
  readonly localAddress: string;
  /** The host's own address, which our sockets see as the peer. */
  readonly address: string;
  /** Runs a program inside the host's namespace; resolves to its standard output. */
  exec(file: string, args: readonly string[]): Promise<string>;
  remove(): Promise<void>;
}

const ip = async (...args: string[]) => {
  await run('ip', args);
};

/**
 * Makes a test host in a network namespace of its own (`ip netns`, needs root), so a test can
 * call a server from an address that is really not loopback. Fails, never skips, when it cannot.
 */
export const createRemoteHost = async (): Promise<RemoteHost> => {
  const id = process.pid % 60_000;
  const ns = `ol-test-${id}`;
  const ours = `olh${id}`;
  const theirs = `oln${id}`;
  // 10.233.0.0/16 cut into /30 links, one per test process.
  const base = (id % 16_000) * 4;
  const octets = (offset: number) =>
    `10.233.${Math.floor((base + offset) / 256)}.${(base + offset) % 256}`;
  const localAddress = octets(1);
  const address = octets(2);
  try {
    await ip('netns', 'add', ns);
    await ip('link', 'add', ours, 'type', 'veth', 'peer', 'name', theirs);
    await ip('link', 'set', theirs, 'netns', ns);
    await ip('addr', 'add', `${localAddress}/30`, 'dev', ours);
    await ip('link', 'set', ours, 'up');
    await ip('netns', 'exec', ns, 'ip', 'addr', 'add', `${address}/30`, 'dev', theirs);
    await ip('netns', 'exec', ns, 'ip', 'link', 'set', theirs, 'up');
  } catch (error) {
    await ip('link', 'del', ours).catch(() => undefined);
    await ip('netns', 'del', ns).catch(() => undefined);
    throw new Error(
      'a test host needs a network namespace (iproute2 `ip netns`, run as root); could not make one',
      { cause: error },
    );
  }
  return {
    localAddress,
    address,
    exec: async (file, args) => (await run('ip', ['netns', 'exec', ns, file, ...args])).stdout,
    remove: async () => {
      await ip('link', 'del', ours).catch(() => undefined);
      await ip('netns', 'del', ns);
    },
  };
};
