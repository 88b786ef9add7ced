import type { AuditResponse } from '@smtp-settings/schema';
import { Hono } from 'hono';
import type { SmtpSettingsEnv } from '../env.js';
import { ApiError } from '../errors.js';
import { notice } from '../failures/server-text.js';
import type { ResolvedOptions } from '../resolve-options.js';
import { MAX_AUDIT_LIMIT } from '../stores/store.js';

/** `GET /settings/audit?limit=N`: who saved which fields and who tested which server when, newest first; never values. */
export function auditRoutes({ store }: ResolvedOptions) {
  return new Hono<SmtpSettingsEnv>().get('/', async (c) => {
    const limit = parseLimit(c.req.query('limit'));
    const records = await store.audit(c.get('tenant'), { limit });
    const body: AuditResponse = {
      entries: records.map(({ action, version, at, actor, changedFields, test }) => ({
        action,
        version,
        at,
        actor,
        changedFields,
        ...(test && { test }),
      })),
    };
    return c.json(body);
  });
}

function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const limit = /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_AUDIT_LIMIT)) {
    throw new ApiError(400, 'VALIDATION_FAILED', notice('error.fieldsInvalid'), {
      limit: `Limit must be a whole number from 1 to ${MAX_AUDIT_LIMIT}`,
    });
  }
  return limit;
}
