import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.ts';

describe('password hashes (scrypt)', () => {
  it('given a hash, then the same password verifies and another does not', async () => {
    const stored = await hashPassword('correct horse battery staple', 14);
    expect(stored).toMatch(/^scrypt\$ln=14,r=8,p=1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', stored)).toBe(false);
  });

  it('salts each hash, so one password hashes differently twice', async () => {
    expect(await hashPassword('same', 14)).not.toBe(await hashPassword('same', 14));
  });

  it('reads the cost from the hash, so older hashes still verify after a cost change', async () => {
    const cheaper = await hashPassword('pw-1234567', 14);
    const dearer = await hashPassword('pw-1234567', 15);
    expect(await verifyPassword('pw-1234567', cheaper)).toBe(true);
    expect(await verifyPassword('pw-1234567', dearer)).toBe(true);
  });

  it('never matches a hash it cannot read', async () => {
    for (const bad of ['', 'plain', 'scrypt$ln=14,r=8,p=1$x', 'bcrypt$2b$10$abc']) {
      expect(await verifyPassword('plain', bad)).toBe(false);
    }
  });
});
