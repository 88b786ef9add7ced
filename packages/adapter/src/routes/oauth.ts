import {
  FIELD_MESSAGES,
  keepRefusal,
  OAUTH_PROVIDERS,
  OAUTH_RETURN_PARAM,
  type OAuthProvider,
  type OAuthStartResponse,
  type ServerNotice,
  type SignInFailure,
  secretInput,
} from '@smtp-settings/schema';
import { Hono } from 'hono';
import * as v from 'valibot';
import type { SmtpSettingsEnv } from '../env.js';
import { ApiError } from '../errors.js';
import { englishText, notice } from '../failures/server-text.js';
import { createRateLimiter } from '../middleware/rate-limiter.js';
import { callbackPage } from '../oauth/callback-page.js';
import type { FlowOutcome, OAuthFlows } from '../oauth/oauth-flows.js';
import { randomToken } from '../oauth/pkce.js';
import { OAuthFlowError } from '../providers/oauth-flow-error.js';
import type { AppFields } from '../providers/provider.js';
import type { ResolvedOptions } from '../resolve-options.js';
import { logSecurityEvent } from '../security/security-log.js';
import { parseInput } from '../settings/parse-body.js';

const unknownField = (issue: v.StrictObjectIssue) =>
  issue.expected === 'never' ? FIELD_MESSAGES.unknownField : 'Send the OAuth fields as an object';
const clientSecret = v.union(
  [secretInput('clientSecret'), v.strictObject({ keep: v.literal(true) })],
  FIELD_MESSAGES.clientSecretRequired,
);
// A URL as a browser writes it (location.href) is percent-encoded: raw control characters or half a
// surrogate pair mean it is not one, and a store could not keep them.
const RETURN_TO_INVALID = englishText('field.returnToInvalid');
const returnTo = v.optional(
  v.pipe(v.string(), v.regex(/^[^\p{Cc}\p{Cs}]*$/u, RETURN_TO_INVALID), v.url(RETURN_TO_INVALID)),
);

/** The start request's body: the provider's app registration fields (with the sending method), the client secret, and where to return. */
const startBodySchema = (appFields: AppFields) =>
  v.strictObject({ ...appFields, clientSecret, returnTo }, unknownField);

/**
 * "Get Refresh Token": `POST /oauth/:provider/start` (at most `oauthStartRateLimit` per tenant), the
 * provider's redirect to `GET /oauth/:provider/callback` (the Fallback URL), which always answers the
 * callback page (or the `returnTo` redirect), and `GET /oauth/flows/:flowId` for the widget to poll when
 * no message reaches it.
 */
export function oauthRoutes(options: ResolvedOptions, flows: OAuthFlows) {
  const allowedReturn = new Set(options.trustedOrigins.map((origin) => new URL(origin).origin));
  // Each start stores a flow and asks the provider: a script must not be able to pile them up.
  const limiter = options.oauthStartRateLimit
    ? createRateLimiter(options.oauthStartRateLimit, options.clock)
    : undefined;
  const caller = (c: { get(key: 'tenant' | 'actor'): string }) => ({
    tenant: c.get('tenant'),
    actor: c.get('actor'),
  });

  const app = new Hono<SmtpSettingsEnv>().get('/flows/:flowId', async (c) =>
    c.json(await flows.status(caller(c), c.req.param('flowId'))),
  );
  // A static path per provider rather than `/:provider/…`: next to `/flows/:flowId`, a parameter there
  // would keep Hono's default SmartRouter from picking its fast RegExpRouter for the whole host app.
  for (const provider of OAUTH_PROVIDERS) {
    const bodySchema = startBodySchema(options.providers[provider].appFields);
    app.post(`/${provider}/start`, async (c) => {
      const json = await c.req.json().catch(() => {
        throw new ApiError(400, 'VALIDATION_FAILED', notice('error.invalidJson'));
      });
      const body = parseInput(bodySchema, json);
      if (body.returnTo !== undefined && !allowedReturn.has(new URL(body.returnTo).origin)) {
        throw fieldError('returnTo', notice('field.returnToForeign'));
      }
      const verdict = limiter?.attempt(c.get('tenant')) ?? { allowed: true };
      if (!verdict.allowed) {
        c.header('Retry-After', String(verdict.retryAfterSeconds));
        const text = notice('error.tooManySignIns', { seconds: verdict.retryAfterSeconds });
        throw new ApiError(429, 'RATE_LIMITED', text);
      }
      const started = await flows.start(caller(c), provider, {
        clientId: body.clientId,
        clientSecret: await clientSecretOf(body, provider, c.get('tenant'), options),
        ...(body.tenantId !== undefined && { tenantId: body.tenantId }),
        ...(body.sendingMethod !== undefined && { sendingMethod: body.sendingMethod }),
        ...(body.returnTo !== undefined && { returnTo: body.returnTo }),
      });
      logSecurityEvent(options.logger, { event: 'oauth_start', ...caller(c), provider, outcome: 'started' });
      const response: OAuthStartResponse = started;
      return c.json(response);
    });
    app.get(`/${provider}/callback`, async (c) => {
      let outcome: FlowOutcome;
      try {
        outcome = await flows.complete(caller(c), provider, c.req.query());
      } catch (error) {
        // The callback is a page the admin's browser shows: it must say what happened, never answer JSON.
        options.logger.error('smtp-settings: an OAuth callback failed', {
          provider,
          error: (error as Error)?.name,
          reason: (error as Error)?.message,
        });
        c.status(500);
        outcome = { flow: { status: 'failed', error: callbackFailed() } };
      }
      if (outcome.flow.error?.code === 'OAUTH_STATE_INVALID') {
        logSecurityEvent(options.logger, {
          event: 'oauth_state_rejected',
          ...caller(c),
          provider,
          outcome: 'OAUTH_STATE_INVALID',
        });
      }
      if (outcome.returnTo !== undefined) {
        const back = new URL(outcome.returnTo);
        if (outcome.flow.flowId) back.searchParams.set(OAUTH_RETURN_PARAM, outcome.flow.flowId);
        return c.redirect(back.href, 303);
      }
      const nonce = randomToken(16);
      c.header(
        'Content-Security-Policy',
        `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'`,
      );
      // The page must keep its link to the widget's window; COOP: same-origin would sever it.
      c.header('Cross-Origin-Opener-Policy', 'unsafe-none');
      c.header('Referrer-Policy', 'no-referrer');
      c.header('X-Frame-Options', 'DENY');
      c.header('Cross-Origin-Resource-Policy', 'same-origin');
      return c.html(callbackPage(outcome.flow, options.trustedOrigins, nonce));
    });
  }
  return app;
}

function callbackFailed(): SignInFailure {
  return new OAuthFlowError('OAUTH_FAILED', 'signIn.serverError', {
    hint: 'hint.signInServerError',
  }).toSignInFailure();
}

function fieldError(field: string, message: string | ServerNotice): ApiError {
  return new ApiError(400, 'VALIDATION_FAILED', notice('error.fieldsInvalid'), { [field]: message });
}

// The stored client secret, like a kept one in a draft, serves only the app registration it was saved for.
async function clientSecretOf(
  app: { clientSecret: string | { keep: true } | { clear: true }; clientId: string; tenantId?: string },
  provider: OAuthProvider,
  tenant: string,
  { store, secrets }: ResolvedOptions,
): Promise<string> {
  const input = app.clientSecret;
  if (typeof input === 'string') return input;
  const stored = (await store.get(tenant))?.settings ?? {};
  const sealed =
    stored.authType === 'oauth' && stored.provider === provider ? stored.clientSecret : undefined;
  if ('clear' in input || typeof sealed !== 'string')
    throw fieldError('clientSecret', FIELD_MESSAGES.clientSecretRequired);
  const refusal = keepRefusal('clientSecret', stored, { authType: 'oauth', provider, ...app });
  if (refusal) throw fieldError('clientSecret', refusal);
  return secrets.open(sealed, { tenant, field: 'clientSecret' });
}
