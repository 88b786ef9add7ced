import { type SettingsResponse, toPublicView } from '@smtp-settings/schema';
import { tokenHealthOf } from './oauth-connection.js';
import type { SealedRecord } from './sealed-record.js';

/** The body `GET /settings` and `PUT /settings` answer with for a stored record (or none yet). */
export function toSettingsResponse(record: SealedRecord | null, now: Date): SettingsResponse {
  return {
    // The public view is built from sealed values without decrypting: it only says whether each is set.
    settings: record ? toPublicView(record.settings) : null,
    version: record?.version ?? 0,
    updatedAt: record?.updatedAt ?? null,
    updatedBy: record?.updatedBy ?? null,
    tokenHealth: record ? tokenHealthOf(record.settings, now) : null,
  };
}
