import type { SettingsStore } from '../stores/store.js';

// Added after the first stores: a host's own store may predate them, so each names what it is for.
const REQUIRED_METHODS: ReadonlyArray<readonly [keyof SettingsStore, string]> = [
  [
    'getRevision',
    '`getRevision(tenant)` (grows on every write, rotations included; 0 when nothing is saved): GET /settings and the mailer check it to reuse what they built',
  ],
  [
    'rotateSecret',
    '`rotateSecret(tenant, rotation, version)` (replaces a sealed secret without a new version): the mailer saves a refresh token the provider rotated with it',
  ],
  // A trail that silently left Tests out would not be one.
  [
    'recordAudit',
    '`recordAudit(tenant, entry)` (appends a Test to the audit trail): POST /test records each Test there',
  ],
];

/** Refuses, at startup, a missing store or one without a method the adapter needs, naming the method. */
export function checkStore(store: SettingsStore | undefined): asserts store is SettingsStore {
  if (!store) throw new TypeError('smtp-settings: `store` is required, e.g. sqliteStore({ filename })');
  for (const [method, purpose] of REQUIRED_METHODS) {
    if (typeof store[method] !== 'function') {
      throw new TypeError(`smtp-settings: the store must implement ${purpose}`);
    }
  }
}
