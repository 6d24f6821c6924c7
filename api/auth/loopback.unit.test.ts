import { describe, expect, it } from 'vitest';
import { isLoopbackAddress } from './loopback.ts';

describe('isLoopbackAddress', () => {
  it('knows loopback in every spelling a socket gives it', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])
      expect(isLoopbackAddress(address), address).toBe(true);
  });

  it('refuses every other address, and a socket without one', () => {
    for (const address of ['10.0.0.2', '192.0.2.2', '::ffff:10.0.0.2', 'fe80::1', '::', undefined])
      expect(isLoopbackAddress(address), String(address)).toBe(false);
  });
});
