import { MongoClient, MongoServerError, type Collection } from 'mongodb';
import {
  KeyErased,
  keyOwnerSchema,
  keyRecordSchema,
  newDataKey,
  unwrapKey,
  wrapKey,
  type KeyRecord,
  type PiiKeyStore,
} from './key-store.ts';
import type { DataKey } from './envelope.ts';

// Loose on purpose: what comes back is checked by keyRecordSchema, whoever wrote it.
type KeyDoc = {
  _id: string;
  customerId: string;
  kid?: string;
  wrapped?: unknown;
  erasedAt?: string;
};
const duplicateKey = 11000;

/**
 * Connected mode's key store: the `pii_keys` collection, one document per customer (the id is
 * `_id`, so two processes creating a key at once get one), each data key wrapped under `kek`.
 * Erasure replaces the document with a tombstone. MongoDB's journal and backups may keep the old
 * document for a while: wrapped, it opens nothing without the PII secret.
 */
export const connectMongoKeyStore = async (
  mongo: { url: string; database: string; collection?: string },
  kek: DataKey,
): Promise<PiiKeyStore> => {
  const client = new MongoClient(mongo.url);
  await client.connect();
  const keys: Collection<KeyDoc> = client
    .db(mongo.database)
    .collection<KeyDoc>(mongo.collection ?? 'pii_keys');
  const read = async (customerId: string): Promise<KeyRecord | undefined> => {
    const doc = await keys.findOne({ _id: keyOwnerSchema.parse(customerId) });
    if (doc === null) return undefined;
    const { _id: _ignored, ...record } = doc;
    return keyRecordSchema.parse(record);
  };
  const get = async (customerId: string) => {
    const record = await read(customerId);
    return record === undefined ? undefined : unwrapKey(kek, record);
  };
  return {
    get,
    async create(customerId) {
      const existing = await get(customerId);
      if (existing === 'erased') throw new KeyErased(customerId);
      if (existing !== undefined) return existing;
      const dataKey = newDataKey();
      try {
        await keys.insertOne({ _id: customerId, ...wrapKey(kek, customerId, dataKey) });
        return dataKey;
      } catch (error) {
        if (!(error instanceof MongoServerError && error.code === duplicateKey)) throw error;
        const winner = await get(customerId);
        if (winner === undefined || winner === 'erased') throw new KeyErased(customerId);
        return winner;
      }
    },
    async destroy(customerId) {
      const _id = keyOwnerSchema.parse(customerId);
      await keys.replaceOne(
        { _id },
        { customerId, erasedAt: new Date().toISOString() },
        { upsert: true },
      );
    },
    close: () => client.close(),
  };
};
