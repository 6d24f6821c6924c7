import { isIP, isIPv4 } from 'node:net';
import { z } from 'zod';

/** What express's `trust proxy` setting takes: on or off, a hop count, or addresses and subnets. */
export type TrustProxy = boolean | number | readonly string[];

// proxy-addr's own names for the usual private ranges.
const namedRanges = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An address, a named range, or a subnet as address/prefix or (IPv4) address/netmask. */
const isProxyAddress = (entry: string): boolean => {
  if (namedRanges.has(entry)) return true;
  const [address = '', range, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (range === undefined) return true;
  if (/^\d{1,3}$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  return family === 4 && isIPv4(range);
};

/**
 * TRUST_PROXY: which proxies may say, in X-Forwarded-For and X-Forwarded-Proto, who the client is
 * and whether it came over https. Off by default, so a client cannot claim either by itself.
 */
export const trustProxySchema = z
  .string()
  .trim()
  .transform((value, context): TrustProxy => {
    if (value === 'true') return true;
    if (value === 'false') return false;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value.split(',').map((entry) => entry.trim());
    const bad = entries.filter((entry) => !isProxyAddress(entry));
    if (bad.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `true, false, a hop count, or addresses/subnets separated by commas (loopback, linklocal, uniquelocal, 10.0.0.0/8); not ${bad.join(', ')}`,
      });
      return z.NEVER;
    }
    return entries;
  })
  .default(false);
