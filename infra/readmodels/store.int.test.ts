import { randomUUID } from 'node:crypto';
import { serverUrl } from '../test-servers/use-server.ts';
import { connectMongoStore } from './mongo-store.ts';
import { readModelStoreContract } from './store-contract.ts';

// The same contract as the memory store's, against MongoDB 7 (or FerretDB here and in CI).
readModelStoreContract('MongoDB', () =>
  connectMongoStore(serverUrl('mongodb'), `contract_${randomUUID().slice(0, 8)}`),
);
