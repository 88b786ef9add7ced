import {
  FIELD_MESSAGES,
  FromEmailSchema,
  type OAuthSettings,
  type TestResponse,
  type TestStage,
} from '@smtp-settings/schema';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import * as v from 'valibot';
import type { SmtpSettingsEnv } from '../env.js';
import { ApiError } from '../errors.js';
import { createRateLimiter } from '../middleware/rate-limiter.js';
import { redeemFlowReference } from '../oauth/flow-reference.js';
import { mintGoogleAccessToken } from '../oauth/google.js';
import { mintMicrosoftAccessToken } from '../oauth/microsoft.js';
import type { OAuthFlows } from '../oauth/oauth-flows.js';
import type { MintedAccessToken, ResolvedProviders } from '../oauth/providers.js';
import type { ResolvedOptions } from '../resolve-options.js';
import { recordTest } from '../security/record-test.js';
import { connectionFor, sendAsWarning } from '../settings/oauth-connection.js';
import { jsonBody, settingsEnvelope } from '../settings/parse-body.js';
import { resolveDraft } from '../settings/resolve-draft.js';
import { connectionOf } from '../smtp/connection.js';
import { runProbe } from '../smtp/probe/run-probe.js';
import { probeTargetOf } from '../smtp/probe-target.js';
import { providerWarnings } from '../smtp/provider-warnings.js';

const TestBodySchema = settingsEnvelope({ sendTo: v.optional(FromEmailSchema) });
// Saving may leave the refresh token for later ("Get Refresh Token" can use the saved client secret),
// but a test without one could only connect and then fail at sign-in.
const TEST_REQUIRES = { refreshToken: FIELD_MESSAGES.refreshTokenRequired } as const;

/**
 * `POST /test`: runs the staged connection test on the draft settings and, when it passes, returns a
 * receipt that lets `PUT /settings` save exactly these values. With `Accept: text/event-stream` each
 * stage is streamed as a `stage` event as it finishes, then the whole answer as a `result` event.
 */
export function testRoutes(options: ResolvedOptions, flows: OAuthFlows) {
  const { store, secrets, receipts } = options;
  const limiter = options.testRateLimit ? createRateLimiter(options.testRateLimit, options.clock) : undefined;

  return new Hono<SmtpSettingsEnv>().post('/', jsonBody(TestBodySchema, 'settings'), async (c) => {
    const tenant = c.get('tenant');
    const verdict = limiter?.attempt(tenant) ?? { allowed: true };
    if (!verdict.allowed) {
      c.header('Retry-After', String(verdict.retryAfterSeconds));
      throw new ApiError(429, 'RATE_LIMITED', `Too many tests: try again in ${verdict.retryAfterSeconds} s`);
    }
    const { settings, sendTo } = c.req.valid('json');
    const stored = await store.get(tenant);
    const actor = c.get('actor');
    const { draft, grant } = await redeemFlowReference(settings, flows, { tenant, actor });
    const resolved = resolveDraft(draft, stored?.settings, secrets, tenant, { require: TEST_REQUIRES });
    const { plain } = resolved;
    const account = connectionFor(resolved, stored?.settings, grant?.connection, options.clock())?.account;
    const sendAs =
      plain.authType === 'oauth' ? sendAsWarning(plain.provider, account, plain.fromEmail) : undefined;

    const run = async (onStage?: (stage: TestStage) => void, signal?: AbortSignal): Promise<TestResponse> => {
      const connection = connectionOf(plain, {
        tls: { secureContext: options.tlsTrust },
        ...(plain.authType === 'oauth' && {
          oauth: {
            endpoint: options.providers[plain.provider].smtp,
            account,
            accessToken: () => mintAccessToken(plain, options.providers),
          },
        }),
      });
      const target = probeTargetOf(connection, { sendTo });
      const result = await runProbe(target, {
        timeouts: options.testTimeouts,
        hostPolicy: options.hostPolicy,
        ...(onStage && { onStage }),
        ...(signal && { signal }),
      });
      const { host, port } = target;
      await recordTest(options, { tenant, actor, version: stored?.version ?? 0, host, port, result });
      const warnings = [...providerWarnings(plain), ...(sendAs ? [sendAs] : []), ...result.warnings];
      if (!result.ok) {
        return {
          ok: false,
          stages: result.stages,
          warnings,
          ...(result.failure && { error: result.failure.toTestFailure() }),
        };
      }
      const { receipt, expiresAt } = receipts.issue(tenant, plain);
      return {
        ok: true,
        stages: result.stages,
        warnings,
        receipt,
        receiptExpiresAt: expiresAt.toISOString(),
      };
    };

    if (!c.req.header('Accept')?.includes('text/event-stream'))
      return c.json(await run(undefined, c.req.raw.signal));

    const streamed = streamSSE(c, async (stream) => {
      const aborted = new AbortController();
      stream.onAbort(() => aborted.abort());
      const result = await run(
        (stage) => void stream.writeSSE({ event: 'stage', data: JSON.stringify(stage) }),
        aborted.signal,
      );
      await stream.writeSSE({ event: 'result', data: JSON.stringify(result) });
    });
    // streamSSE says `no-cache`; like every other answer, a test result must not be stored at all.
    streamed.headers.set('Cache-Control', 'no-store');
    return streamed;
  });
}

/** A fresh access token for OAuth settings from their provider, for the Test's XOAUTH2 login. */
function mintAccessToken(settings: OAuthSettings, providers: ResolvedProviders): Promise<MintedAccessToken> {
  return settings.provider === 'microsoft'
    ? mintMicrosoftAccessToken(settings, providers.microsoft)
    : mintGoogleAccessToken(settings, providers.google);
}
