import { describe, expect, it } from 'vitest';
import { canonicalUuid, readUuid, uuidFromHalves, writeUuid } from './uuid.ts';

const id = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';

describe('uuids', () => {
  it('accepts the forms .NET Guid.Parse does, and gives the canonical lowercase one', () => {
    for (const form of [
      id,
      id.toUpperCase(),
      id.replaceAll('-', ''),
      `{${id}}`,
      `(${id})`,
      ` ${id} `,
    ]) {
      expect(canonicalUuid(form)).toBe(id);
    }
  });

  it('refuses what is not a uuid', () => {
    for (const bad of [
      '',
      'f47ac10b',
      `${id}0`,
      id.replace('-', '_'),
      'g47ac10b-58cc-4372-a567-0e02b2c3d479',
    ]) {
      expect(canonicalUuid(bad)).toBeUndefined();
    }
  });

  it('round-trips through 16 bytes and through the structured halves', () => {
    const bytes = Buffer.alloc(20);
    writeUuid(id, bytes, 2);
    expect(readUuid(bytes, 2)).toBe(id);
    const most = bytes.readBigInt64BE(2).toString();
    const least = bytes.readBigInt64BE(10).toString();
    expect(uuidFromHalves(most, least)).toBe(id);
  });
});
