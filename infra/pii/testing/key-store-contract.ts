// Test support: what every PiiKeyStore must do, run against each implementation.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { KeyErased, type PiiKeyStore } from '../key-store.ts';
import { createPiiVault } from '../vault.ts';

export const keyStoreContract = (open: () => Promise<PiiKeyStore>): void => {
  it('given no key, when created, then get answers that key, and creating again answers it too', async () => {
    const keys = await open();
    const id = randomUUID();
    expect(await keys.get(id)).toBeUndefined();
    const made = await keys.create(id);
    expect(made.key).toHaveLength(32);
    expect(await keys.get(id)).toEqual(made);
    expect(await keys.create(id)).toEqual(made);
    expect(await keys.get(randomUUID())).toBeUndefined();
  });

  it('given processes creating one key at once, then they all hold the same key', async () => {
    const [a, b] = [await open(), await open()];
    const id = randomUUID();
    const made = await Promise.all([a.create(id), b.create(id), a.create(id), b.create(id)]);
    for (const key of made) expect(key).toEqual(made[0]);
  });

  it('given a key, when destroyed, then get answers erased for ever and no new key is made', async () => {
    const keys = await open();
    const id = randomUUID();
    await keys.create(id);
    await keys.destroy(id);
    expect(await keys.get(id)).toBe('erased');
    await expect(keys.create(id)).rejects.toThrow(KeyErased);
    await keys.destroy(id);
    expect(await keys.get(id)).toBe('erased');
    const never = randomUUID();
    await keys.destroy(never);
    expect(await keys.get(never)).toBe('erased');
  });

  it('given sealed data, when the key is destroyed, then it opens as erased and others still open', async () => {
    const vault = createPiiVault(await open(), Buffer.alloc(32, 7));
    const [gone, kept] = [randomUUID(), randomUUID()];
    const sealedGone = (await vault.sealerFor(gone)).seal('Alice Example');
    const sealedKept = (await vault.sealerFor(kept)).seal('Bob Example');
    expect((await vault.openerFor(gone)).open(sealedGone)).toBe('Alice Example');
    await vault.shred(gone);
    const opener = await vault.openerFor(gone);
    expect(opener.erased).toBe(true);
    expect(opener.open(sealedGone)).toEqual({ erased: true });
    expect((await vault.openerFor(kept)).open(sealedKept)).toBe('Bob Example');
  });

  it('refuses ids that are not plain names (no path or operator tricks)', async () => {
    const keys = await open();
    for (const bad of ['../etc/passwd', 'a/b', '', '$gt', 'x'.repeat(101)]) {
      await expect(keys.create(bad), bad).rejects.toThrow();
      await expect(keys.get(bad), bad).rejects.toThrow();
    }
  });
};
