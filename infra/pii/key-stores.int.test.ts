import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverUrl } from '../test-servers/use-server.ts';
import { fileKeyStore } from './file-key-store.ts';
import { derivePiiKeys, type PiiKeyStore } from './key-store.ts';
import { connectMongoKeyStore } from './mongo-key-store.ts';
import { keyStoreContract } from './testing/key-store-contract.ts';
import { createPiiVault } from './vault.ts';

const { kek } = derivePiiKeys('key-store-test-secret-0123456789abcdef');

describe('the file key store (embedded mode)', () => {
  let directory: string;
  beforeAll(async () => {
    directory = join(await mkdtemp(join(tmpdir(), 'pii-keys-')), 'keys');
  });
  afterAll(async () => {
    await rm(join(directory, '..'), { recursive: true, force: true });
  });

  keyStoreContract(() => Promise.resolve(fileKeyStore(directory, kek)));

  it('writes one file per customer, readable by its owner only, with the key wrapped', async () => {
    const id = randomUUID();
    const made = await fileKeyStore(directory, kek).create(id);
    const file = join(directory, `${id}.json`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(made.key.toString('base64url'));
    expect(text).not.toContain(made.key.toString('base64'));
    expect(text).not.toContain(made.key.toString('hex'));
    // Atomic writes leave no temporary files behind.
    expect((await readdir(directory)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('the MongoDB key store (connected mode)', () => {
  const url = serverUrl('mongodb');
  const database = `pii_${randomUUID().slice(0, 8)}`;
  const opened: PiiKeyStore[] = [];
  const open = async () => {
    const keys = await connectMongoKeyStore({ url, database }, kek);
    opened.push(keys);
    return keys;
  };
  afterAll(async () => {
    await Promise.all(opened.map((keys) => keys.close()));
    const client = new MongoClient(url);
    await client.db(database).dropDatabase();
    await client.close();
  });

  keyStoreContract(open);

  it('keeps the key wrapped in the document, and a tombstone without it after erasure', async () => {
    const vault = createPiiVault(await open(), Buffer.alloc(32, 1));
    const id = randomUUID();
    await vault.sealerFor(id);
    const client = new MongoClient(url);
    try {
      const rows = client.db(database).collection<{ _id: string }>('pii_keys');
      const stored = await rows.findOne({ _id: id });
      expect(stored).toHaveProperty('kid');
      expect(stored).toHaveProperty('wrapped.v', 1);
      await vault.shred(id);
      const tombstone = await rows.findOne({ _id: id });
      expect(tombstone).toHaveProperty('erasedAt');
      expect(tombstone).not.toHaveProperty('wrapped');
    } finally {
      await client.close();
    }
  });
});
