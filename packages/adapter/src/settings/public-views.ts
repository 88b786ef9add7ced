import { setNewest } from '../newest-entries.js';
import type { SettingsStore } from '../stores/store.js';
import { versionTag } from './if-match.js';
import { tokenHealthChangesAt } from './oauth-connection.js';
import { loadSealedRecord } from './sealed-record.js';
import { toSettingsResponse } from './settings-response.js';

/** The answer of `GET /settings` for one revision of a tenant's settings, serialized once. */
export interface PublicView {
  /** The stored version it was built from; 0 before the first save. */
  version: number;
  /** The stored revision it was built from, which a rotation moves too; 0 before the first save. */
  revision: number;
  /** The version's ETag; absent before the first save. */
  etag: string | undefined;
  /** The response body. */
  json: string;
  /** Until when (ms since the epoch) its token health holds; `Infinity` when that does not depend on time. */
  freshUntil: number;
}

/** Hands out the current {@link PublicView} of a tenant. */
export interface PublicViews {
  /** The view of the tenant's current record: reused when the store still holds that revision, else rebuilt. */
  current(tenant: string): Promise<PublicView>;
}

/** How many tenants' views are kept; the oldest entry makes room for a new one. */
const MAX_TENANTS = 1000;

/**
 * Keeps each tenant's serialized `GET /settings` answer, so a repeated read costs one version read from
 * the store instead of a full read, the public view and `JSON.stringify`. Every use checks the store's
 * current revision first — never a timer — so a save, or a mailer's rotation of the refresh token (which
 * moves the token health's `lastRefreshedAt` but not the version), through any instance or store handle
 * sharing the database shows on the next read. This relies on the store contract: every write bumps the
 * revision.
 *
 * @example
 * ```ts
 * const views = createPublicViews(store, () => new Date());
 * const { json, etag } = await views.current(tenant);
 * ```
 */
export function createPublicViews(
  store: SettingsStore,
  clock: () => Date,
  maxTenants = MAX_TENANTS,
): PublicViews {
  const views = new Map<string, PublicView>();
  return {
    async current(tenant) {
      const revision = await store.getRevision(tenant);
      const kept = views.get(tenant);
      if (
        kept !== undefined &&
        kept.revision === revision &&
        (kept.freshUntil === Number.POSITIVE_INFINITY || clock().getTime() < kept.freshUntil)
      ) {
        return kept;
      }
      // Read whole: the revision may have moved again since, and the view must match the record it shows.
      const record = await loadSealedRecord(store, tenant);
      const now = clock();
      const view: PublicView = {
        version: record?.version ?? 0,
        revision: record?.revision ?? 0,
        etag: record ? versionTag(record.version) : undefined,
        json: JSON.stringify(toSettingsResponse(record, now)),
        freshUntil: record ? tokenHealthChangesAt(record.settings, now) : Number.POSITIVE_INFINITY,
      };
      setNewest(views, tenant, view, maxTenants);
      return view;
    },
  };
}
