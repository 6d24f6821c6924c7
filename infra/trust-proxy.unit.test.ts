import { describe, expect, it } from 'vitest';
import { trustProxySchema } from './trust-proxy.ts';

describe('TRUST_PROXY', () => {
  it('is off unless set', () => {
    expect(trustProxySchema.parse(undefined)).toBe(false);
  });

  it('takes what express takes: true or false, a hop count, addresses and subnets', () => {
    expect(trustProxySchema.parse('true')).toBe(true);
    expect(trustProxySchema.parse('false')).toBe(false);
    expect(trustProxySchema.parse('2')).toBe(2);
    expect(trustProxySchema.parse('loopback, 10.0.0.0/8')).toEqual(['loopback', '10.0.0.0/8']);
    expect(trustProxySchema.parse('192.168.1.1/255.255.255.0,fd00::/8,::1')).toEqual([
      '192.168.1.1/255.255.255.0',
      'fd00::/8',
      '::1',
    ]);
  });

  it('refuses anything else, naming the bad entries', () => {
    for (const bad of ['yes', '10.0.0.0/33', '10.0.0', 'loopback,,', 'fd00::/129', '-1']) {
      const parsed = trustProxySchema.safeParse(bad);
      expect(parsed.success, bad).toBe(false);
    }
    expect(trustProxySchema.safeParse('loopback, proxy.local').error?.issues[0]?.message).toMatch(
      /not proxy\.local$/,
    );
  });
});
