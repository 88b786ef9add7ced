import {
  FIELD_MESSAGES,
  type ServerNotice,
  type SmtpSettings,
  type SmtpSettingsDraft,
  type TestResponse,
  type TestStage,
} from '@smtp-settings/schema';
import { ApiError } from '../errors.js';
import { notice } from '../failures/server-text.js';
import { graphServer, isGraphConnection } from '../graph/graph-connection.js';
import { runGraphProbe } from '../graph/graph-probe.js';
import { redeemFlowReference } from '../oauth/flow-reference.js';
import type { FlowCaller, OAuthFlows } from '../oauth/oauth-flows.js';
import { wakeOutbox } from '../outbox/outbox-waker.js';
import { providerWarnings } from '../providers/provider-warnings.js';
import type { ResolvedOptions } from '../resolve-options.js';
import { recordTest } from '../security/record-test.js';
import { type ProbeResult, runProbe } from '../smtp/probe/run-probe.js';
import { probeTargetOf } from '../smtp/probe-target.js';
import { VersionConflictError } from '../stores/store.js';
import { connectionFor, sendAsWarning } from './oauth-connection.js';
import { createPublicViews, type PublicView } from './public-views.js';
import { sealDraft } from './record-secrets.js';
import { type ResolveDraftOptions, type ResolvedDraft, resolveDraft } from './resolve-draft.js';
import { loadSealedRecord, type OAuthConnection, type SealedRecord } from './sealed-record.js';
import { settingsConnection } from './settings-connection.js';

/** What {@link createSettingsService} uses of the resolved options. */
export type SettingsServiceOptions = Pick<
  ResolvedOptions,
  | 'store'
  | 'secrets'
  | 'receipts'
  | 'clock'
  | 'logger'
  | 'requireTestBeforeSave'
  | 'outbox'
  | 'providers'
  | 'tlsTrust'
  | 'testTimeouts'
  | 'hostPolicy'
>;

/** A draft resolved for a Test: what the probe connects with, and what answering the Test needs. */
export interface PreparedTest {
  /** The settings to test, secrets in plaintext; never leaves the server. */
  plain: SmtpSettings;
  /** The account the refresh token belongs to, when known: the probe logs in as it. */
  account: string | undefined;
  /** The version saved when the Test started, 0 before the first save: what its audit entry names. */
  version: number;
  /** Warnings about the settings themselves, listed before the probe's own. */
  warnings: ServerNotice[];
  /** What the receipt of a passing Test vouches for. */
  subject: object;
}

/** How a Test runs, besides the settings it tests. */
export interface TestRun {
  /** Where to send a real test message; without it the Test stops after the envelope. */
  sendTo?: string | undefined;
  /** Told of each stage as it finishes, for a Test that streams its progress. */
  onStage?: ((stage: TestStage) => void) | undefined;
  /** Cancels the Test, e.g. when the admin leaves. */
  signal?: AbortSignal | undefined;
}

/** What `PUT /settings` brings besides the draft. */
export interface SaveRequest {
  /** The version the admin loaded, from `If-Match`; `undefined` when absent, which only the first save may be. */
  ifMatch: number | undefined;
  /** The receipt of a passing Test of these settings, if any. */
  receipt: string | undefined;
}

/** What the settings routes do with a tenant's settings, so each handler only validates, calls and responds. */
export interface SettingsService {
  /** The tenant's `GET /settings` answer, reused while the stored revision holds. */
  view(tenant: string): Promise<PublicView>;
  /**
   * Resolves a Test's draft against the stored settings: a flow reference redeemed, kept secrets opened
   * (within the keep rules), the signed-in account looked up.
   *
   * @throws ApiError `VALIDATION_FAILED` for a secret the draft may not keep or lacks, or an unusable flow.
   */
  prepareTest(caller: FlowCaller, draft: SmtpSettingsDraft): Promise<PreparedTest>;
  /**
   * Runs a prepared Test's stages against the server (through the same connection the mailer makes),
   * records it in the security log and the audit trail, and answers it: with a receipt when it passed.
   * The one way `POST /test` and the command line test settings.
   */
  runTest(caller: FlowCaller, test: PreparedTest, run?: TestRun): Promise<TestResponse>;
  /**
   * Saves a draft over the version the admin loaded, with the receipt of a passing Test when required; a
   * rotation of the refresh token since then is no conflict, and a kept refresh token is the rotated one.
   * Answers the stored record, unchanged when the draft changes nothing.
   *
   * @throws ApiError `VERSION_REQUIRED` (428) without `ifMatch` once settings exist, `VERSION_CONFLICT` (409)
   * when someone saved meanwhile, `NOT_TESTED` (409) without a matching receipt, `VALIDATION_FAILED` (400).
   */
  save(caller: FlowCaller, draft: SmtpSettingsDraft, request: SaveRequest): Promise<SealedRecord>;
}

// Saving may leave the refresh token for later ("Get Refresh Token" can use the saved client secret),
// but a test without one could only connect and then fail at sign-in.
const TEST_REQUIRES: ResolveDraftOptions = { require: { refreshToken: FIELD_MESSAGES.refreshTokenRequired } };

/**
 * Creates the service behind `GET /settings`, `PUT /settings` and `POST /test`: it loads the stored
 * record, resolves drafts against it, seals and saves them, and records Tests.
 *
 * @example
 * ```ts
 * const service = createSettingsService(options, flows);
 * const saved = await service.save({ tenant, actor }, draft, { ifMatch: 3, receipt });
 * ```
 */
export function createSettingsService(options: SettingsServiceOptions, flows: OAuthFlows): SettingsService {
  const { store, secrets, receipts, clock } = options;
  const views = createPublicViews(store, clock);

  /** Redeems the draft's flow reference and resolves it against the stored settings. */
  async function resolveAgainst(
    stored: SealedRecord | null,
    caller: FlowCaller,
    input: SmtpSettingsDraft,
    resolveOptions?: ResolveDraftOptions,
  ) {
    const { draft, grant } = await redeemFlowReference(input, flows, caller);
    const resolved = resolveDraft(draft, stored?.settings, secrets, caller.tenant, resolveOptions);
    const connection = connectionFor(resolved, stored?.settings, grant?.connection, clock());
    return { resolved, connection, grant };
  }

  /** Records a Test that ran in the security log and the audit trail, and answers it: with a receipt when it passed. */
  async function finishTest(
    caller: FlowCaller,
    test: PreparedTest,
    { host, port }: { host: string; port: number },
    result: ProbeResult,
  ): Promise<TestResponse> {
    await recordTest(options, { ...caller, version: test.version, host, port, result });
    const warnings = [...test.warnings, ...result.warnings];
    if (!result.ok) {
      return {
        ok: false,
        stages: result.stages,
        warnings,
        ...(result.failure && { error: result.failure.toTestFailure() }),
      };
    }
    const { receipt, expiresAt } = receipts.issue(caller.tenant, test.subject);
    return {
      ok: true,
      stages: result.stages,
      warnings,
      receipt,
      receiptExpiresAt: expiresAt.toISOString(),
    };
  }

  return {
    view: (tenant) => views.current(tenant),

    async prepareTest(caller, input) {
      const stored = await loadSealedRecord(store, caller.tenant);
      const { resolved, connection } = await resolveAgainst(stored, caller, input, TEST_REQUIRES);
      const { plain } = resolved;
      const account = connection?.account;
      const version = stored?.version ?? 0;
      const sendAs =
        plain.authType === 'oauth' ? sendAsWarning(plain.provider, account, plain.fromEmail) : undefined;
      return {
        plain,
        account,
        version,
        warnings: [...providerWarnings(plain), ...(sendAs ? [sendAs] : [])],
        subject: receiptSubject(resolved, connection),
      };
    },

    async runTest(caller, test, { sendTo, onStage, signal } = {}) {
      const connection = settingsConnection(test.plain, {
        providers: options.providers,
        tls: { secureContext: options.tlsTrust },
        account: test.account,
      });
      if (isGraphConnection(connection)) {
        const total = options.testTimeouts.total;
        const result = await runGraphProbe(connection, { sendTo, totalMs: total, onStage, signal });
        return finishTest(caller, test, graphServer(connection), result);
      }
      const target = probeTargetOf(connection, { sendTo });
      const result = await runProbe(target, {
        timeouts: options.testTimeouts,
        hostPolicy: options.hostPolicy,
        ...(onStage && { onStage }),
        ...(signal && { signal }),
      });
      return finishTest(caller, test, target, result);
    },

    async save(caller, input, { ifMatch, receipt }) {
      const { tenant, actor } = caller;
      const current = await loadSealedRecord(store, tenant);
      const currentVersion = current?.version ?? 0;
      if (ifMatch === undefined && current) {
        throw new ApiError(428, 'VERSION_REQUIRED', notice('error.versionRequired'));
      }
      if (ifMatch !== undefined && ifMatch !== currentVersion) throw conflict();

      const { resolved, connection, grant } = await resolveAgainst(current, caller, input);
      const sealed = sealDraft(resolved, current?.settings, secrets, tenant, connection);
      if (current && sealed.changedFields.length === 0 && !sealed.resealed) return current;
      const tested = receipts.verify(receipt, tenant, receiptSubject(resolved, connection));
      if (options.requireTestBeforeSave && !tested) {
        throw new ApiError(409, 'NOT_TESTED', notice('error.notTested'));
      }
      try {
        const saved = await store.put(
          tenant,
          {
            settings: sealed.settings,
            updatedAt: clock().toISOString(),
            updatedBy: actor,
            changedFields: sealed.changedFields,
          },
          currentVersion,
        );
        if (grant) await flows.consume(caller, grant.flowId);
        // New settings end a hold: the tenant's held mail goes out now, not at the outbox's next poll.
        wakeOutbox(options.outbox, { logger: options.logger, tenant, what: 'a save' });
        return { ...saved, settings: sealed.settings };
      } catch (error) {
        throw error instanceof VersionConflictError ? conflict() : error;
      }
    },
  };
}

/**
 * What a Test's receipt vouches for: the settings as tested, except that a kept refresh token stands for
 * the grant it belongs to (when it was obtained). The mailer may rotate the token between Test and Save,
 * and the rotated one is the same grant; a token obtained anew in between voids the receipt.
 */
function receiptSubject({ plain, kept }: ResolvedDraft, connection: OAuthConnection | undefined): object {
  if (plain.authType !== 'oauth' || !kept.has('refreshToken') || connection === undefined) return plain;
  return { ...plain, refreshToken: { grantObtainedAt: connection.obtainedAt } };
}

function conflict(): ApiError {
  return new ApiError(409, 'VERSION_CONFLICT', notice('error.versionConflict'));
}
