import {
  FlowIdSchema,
  OAUTH_ERROR_CODES,
  OAUTH_PROVIDERS,
  type OAuthFlowResponse,
  type OAuthProvider,
  SERVER_TEXTS,
  type SendingMethod,
  SendingMethodSchema,
  type ServerNotice,
  type ServerTextKey,
  type SignInFailure,
} from '@smtp-settings/schema';
import * as v from 'valibot';
import { type SecretBox, SecretUnreadableError } from '../crypto/secret-box.js';
import { ApiError } from '../errors.js';
import { englishText, notice } from '../failures/server-text.js';
import { OAuthFlowError } from '../providers/oauth-flow-error.js';
import type { Providers } from '../providers/provider.js';
import { type OAuthConnection, OAuthConnectionSchema } from '../settings/sealed-record.js';
import type { OAuthFlowRecord, SettingsStore } from '../stores/store.js';
import { codeChallengeOf, digestOf, matchesDigest, randomToken } from './pkce.js';

// The admin has ten minutes to sign in; a completed flow's token then waits an hour for Test and Save.
const STATE_TTL_MS = 10 * 60_000;
const RESULT_TTL_MS = 60 * 60_000;

/** Who is asking: the tenant and the admin, from the host's hooks; a flow belongs to both. */
export interface FlowCaller {
  tenant: string;
  actor: string;
}

/** What `start` needs beyond the provider: the form's OAuth fields, secret in plaintext. */
export interface FlowStart {
  clientId: string;
  clientSecret: string;
  tenantId?: string;
  /** Microsoft only: how the settings will send, which decides the permission the sign-in asks for. */
  sendingMethod?: SendingMethod;
  returnTo?: string;
}

/** The outcome of a provider's callback: what the page hands over, and where a full-page flow returns. */
export interface FlowOutcome {
  flow: Partial<OAuthFlowResponse> & Pick<OAuthFlowResponse, 'status'>;
  returnTo?: string;
}

// A key this version does not know (written by a newer one) is dropped: the English stands in for it.
const serverTextKey = v.fallback(
  v.optional(v.custom<ServerTextKey>((key) => typeof key === 'string' && Object.hasOwn(SERVER_TEXTS, key))),
  undefined,
);

/** A flow's data as the store keeps it; secrets (client secret, verifier, refresh token) sealed. */
const FlowDataSchema = v.object({
  provider: v.picklist(OAUTH_PROVIDERS),
  clientId: v.string(),
  tenantId: v.optional(v.string()),
  // Kept so the code is redeemed for the scopes it was authorized for.
  sendingMethod: SendingMethodSchema,
  redirectUri: v.string(),
  clientSecret: v.string(),
  codeVerifier: v.string(),
  stateDigest: v.string(),
  stateExpiresAt: v.string(),
  actor: v.string(),
  returnTo: v.optional(v.string()),
  refreshToken: v.optional(v.string()),
  connection: v.optional(OAuthConnectionSchema),
  error: v.optional(
    v.object({
      code: v.picklist(OAUTH_ERROR_CODES),
      message: v.string(),
      messageKey: serverTextKey,
      hint: v.string(),
      hintKey: serverTextKey,
      params: v.optional(v.record(v.string(), v.union([v.string(), v.number()]))),
    }),
  ),
});

type FlowData = v.InferOutput<typeof FlowDataSchema>;

/** Everything the routes do with "Get Refresh Token" flows. */
export interface OAuthFlows {
  /** Starts a flow: PKCE verifier and state stored (sealed) in the store, authorize URL returned. */
  start(
    caller: FlowCaller,
    provider: OAuthProvider,
    input: FlowStart,
  ): Promise<{ flowId: string; authorizeUrl: string; expiresAt: string }>;
  /** Handles the provider's redirect: checks the state, redeems the code, records the result once. */
  complete(
    caller: FlowCaller,
    provider: OAuthProvider,
    query: Record<string, string | undefined>,
  ): Promise<FlowOutcome>;
  /** The flow as the widget may see it: status, account, error; never a token. */
  status(caller: FlowCaller, flowId: string): Promise<OAuthFlowResponse>;
  /** The refresh token and connection a completed flow obtained, for Test and Save of matching settings. */
  grant(
    caller: FlowCaller,
    flowId: string,
    settings: { provider: OAuthProvider; clientId: string },
  ): Promise<{ refreshToken: string; connection: OAuthConnection }>;
  /** Marks a flow's result as saved, so it cannot be used again. */
  consume(caller: FlowCaller, flowId: string): Promise<void>;
}

/**
 * Creates the flow service. All state lives in the store, sealed, so a flow started on one adapter
 * instance completes on another; the state is single-use because only one conditional store write can
 * move a flow out of `started`.
 *
 * @example
 * ```ts
 * const flows = createOAuthFlows({ store, secrets, providers, redirectUri: (p) => `${publicUrl}/oauth/${p}/callback`, clock });
 * const { authorizeUrl } = await flows.start({ tenant, actor }, 'google', { clientId, clientSecret });
 * ```
 */
export function createOAuthFlows(options: {
  store: SettingsStore;
  secrets: SecretBox;
  providers: Providers;
  redirectUri: (provider: OAuthProvider) => string;
  clock: () => Date;
}): OAuthFlows {
  const { store, secrets, providers, clock } = options;
  const seal = (flowId: string, field: string, value: string, tenant: string) =>
    secrets.seal(value, { tenant, field: `oauth-flow:${flowId}:${field}` });
  const open = (flowId: string, field: string, sealed: string, tenant: string) =>
    secrets.open(sealed, { tenant, field: `oauth-flow:${flowId}:${field}` });

  async function load(
    caller: FlowCaller,
    flowId: string,
  ): Promise<{ record: OAuthFlowRecord; data: FlowData } | undefined> {
    // What cannot be an id (from the URL or a forged state) is unknown without asking a store that may refuse its bytes.
    if (!v.is(FlowIdSchema, flowId)) return undefined;
    const record = await store.getFlow(caller.tenant, flowId);
    if (!record || Date.parse(record.expiresAt) <= clock().getTime()) return undefined;
    // Data this release cannot read (another release wrote it) is as good as no flow: the admin starts anew.
    const parsed = v.safeParse(FlowDataSchema, record.data);
    if (!parsed.success) return undefined;
    const data = parsed.output;
    // Another admin of the same tenant must not pick up someone else's consent.
    return data.actor === caller.actor ? { record, data } : undefined;
  }

  function view(record: OAuthFlowRecord, data: FlowData): OAuthFlowResponse {
    return {
      flowId: record.id,
      status: record.status,
      provider: data.provider,
      ...(data.connection?.account !== undefined && { account: data.connection.account }),
      ...(data.connection && { scopes: data.connection.scopes, obtainedAt: data.connection.obtainedAt }),
      ...(data.error && { error: data.error }),
    };
  }

  return {
    async start(caller, provider, input) {
      const now = clock();
      await store.deleteExpiredFlows(now.toISOString());
      const flowId = randomToken(18);
      const nonce = randomToken(32);
      const codeVerifier = randomToken(48);
      const redirectUri = options.redirectUri(provider);
      const authorizeUrl = await providers[provider].authorizeUrl({
        clientId: input.clientId,
        clientSecret: input.clientSecret,
        ...(input.tenantId !== undefined && { tenantId: input.tenantId }),
        ...(input.sendingMethod !== undefined && { sendingMethod: input.sendingMethod }),
        redirectUri,
        state: `${flowId}.${nonce}`,
        codeChallenge: codeChallengeOf(codeVerifier),
      });
      const data: FlowData = {
        provider,
        clientId: input.clientId,
        ...(input.tenantId !== undefined && { tenantId: input.tenantId }),
        ...(input.sendingMethod !== undefined && { sendingMethod: input.sendingMethod }),
        redirectUri,
        clientSecret: seal(flowId, 'clientSecret', input.clientSecret, caller.tenant),
        codeVerifier: seal(flowId, 'codeVerifier', codeVerifier, caller.tenant),
        stateDigest: digestOf(nonce),
        stateExpiresAt: new Date(now.getTime() + STATE_TTL_MS).toISOString(),
        actor: caller.actor,
        ...(input.returnTo !== undefined && { returnTo: input.returnTo }),
      };
      const expiresAt = new Date(now.getTime() + RESULT_TTL_MS).toISOString();
      await store.createFlow({
        id: flowId,
        tenant: caller.tenant,
        status: 'started',
        data,
        createdAt: now.toISOString(),
        expiresAt,
      });
      return { flowId, authorizeUrl, expiresAt: data.stateExpiresAt };
    },

    async complete(caller, provider, query) {
      const [flowId = '', nonce = ''] = (query.state ?? '').split('.');
      const found = flowId && nonce ? await load(caller, flowId) : undefined;
      const genuine =
        found && found.data.provider === provider && matchesDigest(nonce, found.data.stateDigest);
      if (!found || !genuine) return { flow: { status: 'failed', error: stateInvalid('unknown') } };
      const { record, data } = found;
      if (record.status !== 'started')
        return { flow: { ...view(record, data), status: 'failed', error: stateInvalid('used') } };

      const settle = async (
        next: Partial<FlowData>,
        status: 'completed' | 'failed',
      ): Promise<FlowOutcome> => {
        const moved = await store.transitionFlow(caller.tenant, record.id, 'started', {
          status,
          data: { ...data, ...next },
        });
        // Losing the race means another callback with the same state got there first: a replay.
        if (!moved) return { flow: { ...view(record, data), status: 'failed', error: stateInvalid('used') } };
        const settled = {
          ...record,
          status,
          data: { ...data, ...next },
        };
        return {
          flow: view(settled, { ...data, ...next }),
          ...(data.returnTo !== undefined && { returnTo: data.returnTo }),
        };
      };

      // The state is genuine, so the flow ends here and the widget (or the returnTo page) learns why.
      if (Date.parse(data.stateExpiresAt) <= clock().getTime()) {
        return settle({ error: stateInvalid('expired') }, 'failed');
      }
      try {
        if (query.error !== undefined || query.code === undefined) {
          throw providers[provider].callbackError(
            {
              error: query.error ?? 'invalid_request',
              ...(query.error_description !== undefined && { error_description: query.error_description }),
            },
            data.redirectUri,
          );
        }
        const grant = await providers[provider].redeem({
          clientId: data.clientId,
          clientSecret: open(record.id, 'clientSecret', data.clientSecret, caller.tenant),
          ...(data.tenantId !== undefined && { tenantId: data.tenantId }),
          ...(data.sendingMethod !== undefined && { sendingMethod: data.sendingMethod }),
          redirectUri: data.redirectUri,
          code: query.code,
          codeVerifier: open(record.id, 'codeVerifier', data.codeVerifier, caller.tenant),
        });
        const connection: OAuthConnection = {
          account: grant.account,
          scopes: grant.scopes,
          obtainedAt: grant.obtainedAt.toISOString(),
          ...(grant.refreshTokenExpiresAt && {
            refreshTokenExpiresAt: grant.refreshTokenExpiresAt.toISOString(),
          }),
        };
        return await settle(
          { refreshToken: seal(record.id, 'refreshToken', grant.refreshToken, caller.tenant), connection },
          'completed',
        );
      } catch (error) {
        // The client secret and verifier were sealed with a key that `secretKey` no longer lists.
        if (error instanceof SecretUnreadableError)
          return settle({ error: stateInvalid('unreadable') }, 'failed');
        if (!(error instanceof OAuthFlowError)) throw error;
        return settle({ error: error.toSignInFailure() }, 'failed');
      }
    },

    async status(caller, flowId) {
      const found = await load(caller, flowId);
      if (!found) throw new ApiError(404, 'NOT_FOUND', notice('error.signInNotFound'));
      return view(found.record, found.data);
    },

    async grant(caller, flowId, settings) {
      const found = await load(caller, flowId);
      const refusal = (message: ServerNotice) =>
        new ApiError(400, 'VALIDATION_FAILED', notice('error.fieldsInvalid'), { refreshToken: message });
      if (!found || found.record.status === 'consumed') throw refusal(notice('field.flowGone'));
      const { record, data } = found;
      if (record.status !== 'completed' || !data.refreshToken || !data.connection) {
        throw refusal(notice('field.flowUnfinished'));
      }
      if (data.provider !== settings.provider || data.clientId !== settings.clientId) {
        throw refusal(notice('field.flowOtherApp'));
      }
      return {
        refreshToken: open(record.id, 'refreshToken', data.refreshToken, caller.tenant),
        connection: data.connection,
      };
    },

    async consume(caller, flowId) {
      const found = await load(caller, flowId);
      if (!found) return;
      // The saved settings hold the token now; the flow need not keep a second sealed copy.
      const { refreshToken: _saved, ...rest } = found.data;
      await store.transitionFlow(caller.tenant, flowId, 'completed', {
        status: 'consumed',
        data: rest,
      });
    },
  };
}

const STATE_MESSAGES = {
  unknown: notice('signIn.stateUnknown'),
  used: notice('signIn.stateUsed'),
  expired: notice('signIn.stateExpired', { minutes: STATE_TTL_MS / 60_000 }),
  unreadable: notice('signIn.stateUnreadable'),
} as const;

/** Why a callback's state cannot complete a flow, with the one fix for all of them. */
function stateInvalid(reason: keyof typeof STATE_MESSAGES): SignInFailure {
  const { message, messageKey, params } = STATE_MESSAGES[reason];
  return {
    code: 'OAUTH_STATE_INVALID',
    message,
    messageKey,
    hint: englishText('hint.signInAgain'),
    hintKey: 'hint.signInAgain',
    ...(params && { params }),
  };
}
