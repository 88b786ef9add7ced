import type {
  AuditRecord,
  OAuthFlowRecord,
  OAuthFlowStatus,
  SettingsRecord,
  SharedAccessToken,
} from './store.js';

/** A settings row as the SQL stores select it, JSON as text. */
export interface SettingsRow {
  version: number | string;
  revision: number | string;
  settings: string;
  updated_at: string;
  updated_by: string;
}

/** An audit row as the SQL stores select it, JSON as text. */
export interface AuditRow {
  action: AuditRecord['action'];
  version: number | string;
  at: string;
  actor: string;
  changed_fields: string;
  details: string | null;
}

/** An OAuth flow row as the SQL stores select it. */
export interface FlowRow {
  id: string;
  tenant: string;
  status: OAuthFlowStatus;
  data: string;
  created_at: string;
  expires_at: string;
}

// Drivers may hand integers back as strings (pg does for bigint); the store contract says number.

/** The settings record a row holds. */
export function toRecord(row: SettingsRow): SettingsRecord {
  return {
    settings: JSON.parse(row.settings),
    version: Number(row.version),
    revision: Number(row.revision),
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

/** The audit entry a row holds; `details` holds a test's host, port and outcome. */
export function toAudit(tenant: string, row: AuditRow): AuditRecord {
  return {
    tenant,
    action: row.action,
    version: Number(row.version),
    at: row.at,
    actor: row.actor,
    changedFields: JSON.parse(row.changed_fields),
    ...(row.action === 'test' && row.details !== null && { test: JSON.parse(row.details) }),
  };
}

/** The OAuth flow a row holds. */
export function toFlow(row: FlowRow): OAuthFlowRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    status: row.status,
    data: JSON.parse(row.data),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/** A row of `smtp_access_tokens` that holds a token, as the SQL stores select it. */
export interface TokenRow {
  version: number;
  sealed: string;
  expires_at: string;
  minted_at: string | null;
}

/** A token row as the shared token it holds. */
export function toToken(row: TokenRow): SharedAccessToken {
  return {
    version: Number(row.version),
    sealed: row.sealed,
    expiresAt: row.expires_at,
    ...(row.minted_at !== null && { mintedAt: row.minted_at }),
  };
}
