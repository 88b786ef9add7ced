import { describeAccessTokenStoreContract } from '../../test/access-token-store-contract.js';
import { describeDeliveryStoreContract } from '../../test/delivery-store-contract.js';
import { describeStoreContract } from '../../test/store-contract.js';
import { memoryStore } from './memory-store.js';

describeStoreContract('memoryStore', async () => ({ store: memoryStore() }));

describeDeliveryStoreContract('memoryStore', async () => ({ store: memoryStore() }));

describeAccessTokenStoreContract('memoryStore', async () => ({ store: memoryStore() }));
