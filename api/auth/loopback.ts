import { BlockList, isIPv4 } from 'node:net';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/**
 * Whether a socket's peer address is this machine's loopback (127.0.0.0/8, ::1, or either mapped
 * into IPv6). Decided from the connection only: headers such as X-Forwarded-For never count.
 */
export const isLoopbackAddress = (address: string | undefined): boolean => {
  if (address === undefined) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const plain = mapped ?? address;
  return isIPv4(plain) ? loopback.check(plain, 'ipv4') : loopback.check(plain, 'ipv6');
};
