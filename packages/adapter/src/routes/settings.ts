import { Hono } from 'hono';
import * as v from 'valibot';
import type { SmtpSettingsEnv } from '../env.js';
import { ApiError } from '../errors.js';
import { redeemFlowReference } from '../oauth/flow-reference.js';
import type { OAuthFlows } from '../oauth/oauth-flows.js';
import type { ResolvedOptions } from '../resolve-options.js';
import { applyDraft } from '../settings/apply-draft.js';
import { noneMatchHits, parseIfMatch, versionTag } from '../settings/if-match.js';
import { connectionFor } from '../settings/oauth-connection.js';
import { jsonBody, settingsEnvelope } from '../settings/parse-body.js';
import { createPublicViews } from '../settings/public-views.js';
import { resolveDraft } from '../settings/resolve-draft.js';
import { toSettingsResponse } from '../settings/settings-response.js';
import { VersionConflictError } from '../stores/store.js';

const PutSettingsBodySchema = settingsEnvelope({
  receipt: v.optional(v.string('Send the receipt of a passing test as a string')),
});
const JSON_CONTENT_TYPE = { 'Content-Type': 'application/json' };

/** `GET /settings` and `PUT /settings`: the tenant's public view, and versioned saves. */
export function settingsRoutes(options: ResolvedOptions, flows: OAuthFlows) {
  const { store, secrets, receipts, clock } = options;
  const views = createPublicViews(store, clock);

  return new Hono<SmtpSettingsEnv>()
    .get('/', async (c) => {
      const view = await views.current(c.get('tenant'));
      if (view.etag !== undefined) {
        c.header('ETag', view.etag);
        if (noneMatchHits(c.req.header('If-None-Match'), view.etag)) return c.body(null, 304);
      }
      return c.body(view.json, 200, JSON_CONTENT_TYPE);
    })
    .put('/', jsonBody(PutSettingsBodySchema, 'settings'), async (c) => {
      const tenant = c.get('tenant');
      const expected = parseIfMatch(c.req.header('If-Match'));
      const current = await store.get(tenant);
      const currentVersion = current?.version ?? 0;
      if (expected === undefined && current) {
        throw new ApiError(
          428,
          'VERSION_REQUIRED',
          'Send If-Match with the version you loaded, so a change made elsewhere is not overwritten',
        );
      }
      if (expected !== undefined && expected !== currentVersion) throw conflict();

      const body = c.req.valid('json');
      const caller = { tenant, actor: c.get('actor') };
      const { draft, grant } = await redeemFlowReference(body.settings, flows, caller);
      const resolved = resolveDraft(draft, current?.settings, secrets, tenant);
      const connection = connectionFor(resolved, current?.settings, grant?.connection, clock());
      const applied = applyDraft(resolved, current?.settings, secrets, tenant, connection);
      if (current && applied.changedFields.length === 0 && !applied.resealed) {
        c.header('ETag', versionTag(current.version));
        return c.json(toSettingsResponse(current, clock()));
      }
      const tested = receipts.verify(c.req.header('X-Test-Receipt') ?? body.receipt, tenant, resolved.plain);
      if (options.requireTestBeforeSave && !tested) {
        throw new ApiError(
          409,
          'NOT_TESTED',
          'Test these settings before saving: they changed since the last passing test, or that test has expired',
        );
      }
      try {
        const saved = await store.put(
          tenant,
          {
            settings: applied.settings,
            updatedAt: clock().toISOString(),
            updatedBy: c.get('actor'),
            changedFields: applied.changedFields,
          },
          currentVersion,
        );
        if (grant) await flows.consume(caller, grant.flowId);
        c.header('ETag', versionTag(saved.version));
        return c.json(toSettingsResponse(saved, clock()));
      } catch (error) {
        throw error instanceof VersionConflictError ? conflict() : error;
      }
    });
}

function conflict(): ApiError {
  return new ApiError(
    409,
    'VERSION_CONFLICT',
    'These settings were changed elsewhere. Reload them and try again.',
  );
}
