import { createMemoryStore } from './memory-store.ts';
import { readModelStoreContract } from './store-contract.ts';

readModelStoreContract('memory', () => Promise.resolve(createMemoryStore()));
