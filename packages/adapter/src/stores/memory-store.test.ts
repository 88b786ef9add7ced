import { describeStoreContract } from '../../test/store-contract.js';
import { memoryStore } from './memory-store.js';

describeStoreContract('memoryStore', async () => ({ store: memoryStore() }));
