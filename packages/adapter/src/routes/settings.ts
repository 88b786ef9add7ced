import { Hono } from 'hono';
import * as v from 'valibot';
import type { SmtpSettingsEnv } from '../env.js';
import type { ResolvedOptions } from '../resolve-options.js';
import { noneMatchHits, parseIfMatch, versionTag } from '../settings/if-match.js';
import { jsonBody, settingsEnvelope } from '../settings/parse-body.js';
import { toSettingsResponse } from '../settings/settings-response.js';
import type { SettingsService } from '../settings/settings-service.js';

const PutSettingsBodySchema = settingsEnvelope({
  receipt: v.optional(v.string('Send the receipt of a passing test as a string')),
});
const JSON_CONTENT_TYPE = { 'Content-Type': 'application/json' };

/** `GET /settings` and `PUT /settings`: the tenant's public view, and versioned saves. */
export function settingsRoutes({ clock }: Pick<ResolvedOptions, 'clock'>, service: SettingsService) {
  return new Hono<SmtpSettingsEnv>()
    .get('/', async (c) => {
      const view = await service.view(c.get('tenant'));
      if (view.etag !== undefined) {
        c.header('ETag', view.etag);
        if (noneMatchHits(c.req.header('If-None-Match'), view.etag)) return c.body(null, 304);
      }
      return c.body(view.json, 200, JSON_CONTENT_TYPE);
    })
    .put('/', jsonBody(PutSettingsBodySchema, 'settings'), async (c) => {
      const ifMatch = parseIfMatch(c.req.header('If-Match'));
      const body = c.req.valid('json');
      const receipt = c.req.header('X-Test-Receipt') ?? body.receipt;
      const caller = { tenant: c.get('tenant'), actor: c.get('actor') };
      const saved = await service.save(caller, body.settings, { ifMatch, receipt });
      c.header('ETag', versionTag(saved.version));
      return c.json(toSettingsResponse(saved, clock()));
    });
}
