import type { SmtpSettings } from '@smtp-settings/schema';
import type { SMTPPoolSentMessageInfo, Transporter } from 'nodemailer';
import { configOf, type WithSmtpConfig } from '../config/smtp-config.js';
import { SmtpFailure } from '../failures/smtp-failure.js';
import { isGraphTokenRejected } from '../graph/classify-graph.js';
import { graphServer, isGraphConnection } from '../graph/graph-connection.js';
import { isDeliveryStore } from '../outbox/is-delivery-store.js';
import type { MintedAccessToken } from '../providers/provider.js';
import { storedConnection, tokenHealthOf } from '../settings/oauth-connection.js';
import { openSettings } from '../settings/record-secrets.js';
import { loadSealedRecord, type SealedRecord } from '../settings/sealed-record.js';
import { settingsConnection } from '../settings/settings-connection.js';
import { classifyTokenError } from '../smtp/classify-token.js';
import { appLoginMailbox } from '../smtp/connection.js';
import type { AccessTokenKey, CachedAccessToken } from './access-token-cache.js';
import { createHealthTracker, type MailerHealth } from './mailer-health.js';
import { MailerNotConfiguredError } from './mailer-not-configured-error.js';
import { checkMessage, contentAccessRefusal, type MailerMessage } from './message.js';
import { newMessageId } from './message-id.js';
import { createSendRecorder } from './record-send.js';
import { backoff, type RetryOptions, resolveRetry } from './retry.js';
import { createRevisionReads } from './revision-reads.js';
import { saveRotation } from './save-rotation.js';
import { tenantAccessTokens } from './tenant-access-tokens.js';
import { toSmtpFailure } from './to-smtp-failure.js';
import { transporterOf } from './transporter-of.js';

/**
 * Options of {@link createMailer}: the shared configuration (`config` from `createSmtpConfig`, or its
 * options — `store`, `secretKey`, `providers`, `smtpTls`, `logger`, `clock` — inline) and the mailer's own.
 */
export type MailerOptions = WithSmtpConfig<MailerOwnOptions>;

/** What only a mailer takes, besides the shared configuration. */
export interface MailerOwnOptions {
  /** Whose settings to send with; defaults to `"default"`. */
  tenant?: string;
  /** How often and how patiently transient failures are retried; defaults to 3 attempts from 250 ms. */
  retry?: RetryOptions;
  /**
   * Called when sending starts failing, fails differently, or works again, so the host can alert someone
   * before mail stops; a new mailer is presumed to work, so its first success is not a change.
   */
  onHealthChange?: (health: MailerHealth) => void;
  /**
   * Whether each `send()` is recorded in the delivery log (metadata only), when the store keeps one;
   * defaults to `true`. The outbox, which records its own attempts, sends through mailers with `false`.
   */
  logDeliveries?: boolean;
}

/** What nodemailer reports for a sent message: `messageId`, `accepted`, `rejected`, `response`. */
export type SentMail = SMTPPoolSentMessageInfo;

/** Sends mail with the settings an admin saved, reusing pooled connections. */
export interface Mailer {
  /**
   * Sends `message` from the saved From Name and From Email, retrying transient failures, with the
   * message's `messageId` or one made for this send (every retry carries the same); recorded in the
   * delivery log when the store keeps one.
   *
   * @throws SmtpFailure classified (e.g. `RECIPIENT_REJECTED`, `TOKEN_REVOKED`, or `TOKEN_ENDPOINT_UNREACHABLE`
   * when the provider's token endpoint could not be reached or did not answer in time); MailerNotConfiguredError
   * when nothing is saved; TypeError for a message that sets its own sender, has a malformed header, or
   * points at a file or URL (`path`, `href`) instead of giving its `content`.
   */
  send(message: MailerMessage): Promise<SentMail>;
  /**
   * Connects and logs in with the saved settings without sending anything (through Microsoft Graph: gets a
   * token and looks the mailbox up, a lookup the app may not make passing); throws a classified SmtpFailure,
   * or MailerNotConfiguredError.
   */
  verify(): Promise<void>;
  /**
   * Connects and logs in like `verify()`, and reports the outcome with the token's health instead of
   * throwing, `NOT_CONFIGURED` included; rejects only when the store cannot be read, the stored settings are
   * not valid (`StoredSettingsInvalidError`), a saved secret cannot be decrypted, or the mailer is closed.
   */
  checkHealth(): Promise<MailerHealth>;
  /** Stops taking messages and closes the pooled connections once the sends in progress finish. */
  close(): Promise<void>;
}

/** The pool and token state of one saved version of the settings. */
interface Generation {
  /** The saved version these settings are; a rotated refresh token we save ourselves keeps it. */
  version: number;
  /** The record's revision: moves with every write, rotations included, so it says when to read again. */
  revision: number;
  /** The record as saved, secrets sealed: its connection metadata feeds the token health. */
  record: SealedRecord;
  /** The settings with secrets opened. */
  settings: SmtpSettings;
  /** The transport built from these settings: an SMTP pool, or Microsoft Graph. */
  transporter: Transporter<SentMail>;
  /** The port it connects to, which failure hints name (Graph's, for Graph). */
  port: number;
  /** The mailbox of an SMTP login with the app's own token (Application sign-in), which a refusal's fix names. */
  appMailbox?: string | undefined;
  /** The From header: `From Name <From Email>`. */
  from: string | { name: string; address: string };
  /** Sends and verifies using this generation right now; its pool closes only once this is 0. */
  inFlight: number;
  /** Whether newer settings replaced it (or the mailer closed), so its pool closes when idle. */
  retired: boolean;
}

/** One send or verify against a generation. */
type Operation<T> = (generation: Generation) => Promise<T>;

const ROTATION_ACTOR = 'smtp-settings mailer (refresh token rotation)';
/** The longest wait a server may ask for (Retry-After) that a send still waits out before retrying. */
const LONGEST_ASKED_WAIT_MS = 10_000;

/**
 * Creates a mailer that sends with the tenant's saved settings through one transport (an SMTP pool, or
 * Microsoft Graph for Microsoft settings whose sending method is `graph`), rebuilt whenever a new version
 * is saved (checked on every send, so a save made by another process takes effect on the next send); OAuth access tokens are minted, cached and renewed by the mailer, and
 * shared through a store that keeps them (every built-in store does), so that however many mailers and
 * processes send for a tenant, its token is refreshed once per lifetime.
 * Throws {@link MailerNotConfiguredError} from `send` and `verify` while nothing is saved; `checkHealth`
 * reports it as `NOT_CONFIGURED` instead.
 *
 * @example
 * ```ts
 * const config = createSmtpConfig({ store, secretKey: process.env.SMTP_SETTINGS_KEY! });
 * const mailer = createMailer({ config, tenant: 'acme' });
 * await mailer.send({
 *   to: 'qa-lead@example.com',
 *   subject: 'Test case TC-42 was updated',
 *   text: 'Test case TC-42 was updated by Dana: new expected result for step 3.',
 * });
 * await mailer.close();
 * ```
 */
export function createMailer(options: MailerOptions): Mailer {
  const config = configOf(options);
  const { store, secrets, providers, tlsTrust, logger, clock } = config;
  const { tenant = 'default' } = options;
  const tls = { secureContext: tlsTrust };
  const retry = resolveRetry(options.retry);
  const tokens = tenantAccessTokens(config, saveRotatedRefreshToken);
  const recordSend =
    options.logDeliveries !== false && isDeliveryStore(store)
      ? createSendRecorder(store, { tenant, logger })
      : undefined;

  const revisions = createRevisionReads(() => store.getRevision(tenant));
  let generation: Generation | undefined;
  /** The record read under way for {@link latest}, which sends starting together share. */
  let recordRead: Promise<SealedRecord | null> | undefined;
  let closed = false;

  /** The access token cache key of a generation, which follows its version. */
  function keyOf(gen: Generation): AccessTokenKey {
    return { tenant, version: gen.version };
  }

  /** Mints an access token from the generation's current OAuth settings. */
  function mint(gen: Generation): Promise<MintedAccessToken> {
    // Read at mint time: a rotated refresh token replaces the one the generation started with.
    const { settings } = gen;
    if (settings.authType !== 'oauth') throw new TypeError('Basic settings have no access token');
    return providers[settings.provider].mintAccessToken(settings);
  }

  /** The cached or a newly minted access token; failures are classified for the `auth` step. */
  function accessToken(gen: Generation): Promise<CachedAccessToken> {
    return tokens
      .get(keyOf(gen), () => mint(gen))
      .catch((error: unknown) => {
        throw classifyTokenError(error);
      });
  }

  /**
   * Saves a rotated refresh token over the version it was minted from, without a new version: an admin
   * editing that version can still save, and a refresh token they keep is this one.
   */
  async function saveRotatedRefreshToken(key: AccessTokenKey, refreshToken: string): Promise<void> {
    const gen = generation;
    if (gen?.version !== key.version || gen.settings.authType !== 'oauth') {
      logger.warn(
        'smtp-settings: dropped a rotated refresh token because newer settings were saved meanwhile',
        {
          tenant,
          version: key.version,
        },
      );
      return;
    }
    // Used by the next mint even if saving fails, since the provider may already have retired the old one.
    gen.settings = { ...gen.settings, refreshToken };
    // The next send reads the record back once, so the token health shows this refresh too.
    await saveRotation(config, {
      tenant,
      version: gen.version,
      refreshToken,
      at: clock(),
      actor: ROTATION_ACTOR,
    });
  }

  /** Opens a saved record and builds its pooled transport. */
  function build(record: SealedRecord): Generation {
    const settings = openSettings(record, secrets, tenant);
    const gen = {
      version: record.version,
      revision: record.revision,
      record,
      settings,
      from: settings.fromName ? { name: settings.fromName, address: settings.fromEmail } : settings.fromEmail,
      inFlight: 0,
      retired: false,
    } as Generation;
    const connection = settingsConnection(settings, {
      providers,
      tls,
      account: storedConnection(record.settings)?.account,
      // Each new pooled connection asks here, so a renewed or rotated token reaches the pool.
      accessToken: () => accessToken(gen),
    });
    gen.transporter = transporterOf(connection);
    if (isGraphConnection(connection)) {
      gen.port = graphServer(connection).port;
    } else {
      gen.port = connection.port;
      gen.appMailbox = appLoginMailbox(connection.auth);
    }
    gen.transporter.on('error', (error: Error & { code?: string }) => {
      logger.warn('smtp-settings: the mail transport reported an error', { tenant, code: error.code });
    });
    return gen;
  }

  /** Marks a generation as replaced and closes its pool unless sends are still using it. */
  function retire(gen: Generation | undefined): void {
    if (!gen || gen.retired) return;
    gen.retired = true;
    if (gen.inFlight === 0) gen.transporter.close();
  }

  /** Ends one use of a generation, closing the pool of a retired one after its last use. */
  function release(gen: Generation): void {
    gen.inFlight -= 1;
    if (gen.retired && gen.inFlight === 0) gen.transporter.close();
  }

  /**
   * The generation of the saved version, rebuilt when the store holds a newer one, and claimed for one
   * use in the same turn so a concurrent rebuild cannot close its pool in between; pair with `release`.
   * Reads the store once per call, cheaply (the revision, never the record); the whole record only when
   * it moved.
   */
  async function acquire(): Promise<Generation> {
    if (closed) throw new Error('The mailer is closed.');
    const revision = await revisions.read();
    if (closed) throw new Error('The mailer is closed.');
    if (revision === 0) throw notConfigured();
    // Revisions only grow: an older one is a read that started before a write we already adopted.
    const current = !generation || revision > generation.revision ? await latest(revision) : generation;
    current.inFlight += 1;
    return current;
  }

  /**
   * Reads the whole saved record and adopts it: a new version gets a new pool, while a newer revision of
   * the same version (a refresh token another process saw rotated) only refreshes the opened secrets.
   */
  async function latest(seen: number): Promise<Generation> {
    // Sends that start together share one read; one that saw a newer revision than it returned reads again.
    recordRead ??= loadSealedRecord(store, tenant).finally(() => {
      recordRead = undefined;
    });
    let record = await recordRead;
    if ((record?.revision ?? 0) < seen) record = await loadSealedRecord(store, tenant);
    if (closed) throw new Error('The mailer is closed.');
    if (!record) throw notConfigured();
    if (!generation || record.version > generation.version) {
      const next = build(record);
      retire(generation);
      generation = next;
    } else if (record.version === generation.version && record.revision > generation.revision) {
      generation.settings = openSettings(record, secrets, tenant);
      generation.record = record;
      generation.revision = record.revision;
    }
    return generation;
  }

  /** Forgets the generation of settings that are no longer saved, and says so. */
  function notConfigured(): MailerNotConfiguredError {
    retire(generation);
    generation = undefined;
    return new MailerNotConfiguredError(tenant);
  }

  /** Runs `operation` with a token refresh on a refused OAuth login and, if asked, backoff retries of transient failures. */
  async function perform<T>(
    operation: Operation<T>,
    { retryTransient, signal }: { retryTransient: boolean; signal?: AbortSignal | undefined },
  ): Promise<T> {
    let authRetried = false;
    let attempt = 1;
    for (;;) {
      const gen = await acquire();
      let token: CachedAccessToken | undefined;
      try {
        if (gen.settings.authType === 'oauth') token = await accessToken(gen);
        return await operation(gen);
      } catch (error) {
        // The message's fault, not the server's: neither retried nor a change of health.
        const refusal = contentAccessRefusal(error);
        if (refusal) throw refusal;
        const failure = toSmtpFailure(error, gen.port, gen.appMailbox);
        if (token && !authRetried && isLoginRefused(error)) {
          authRetried = true;
          tokens.invalidate(keyOf(gen), token.accessToken);
          continue;
        }
        // A failed mint already waited out its deadline (providers.tokenTimeoutMs), and its library retried:
        // another try now would hold the caller for one deadline per attempt.
        const mintFailed = gen.settings.authType === 'oauth' && token === undefined;
        // A server asking for a longer wait than a caller should be held (Graph's Retry-After) gets the
        // failure at once, with the wait on it, for the outbox to honour.
        const waitTooLong = (failure.retryAfterMs ?? 0) > LONGEST_ASKED_WAIT_MS;
        if (
          !retryTransient ||
          !failure.transient ||
          mintFailed ||
          waitTooLong ||
          attempt >= retry.attempts ||
          signal?.aborted
        ) {
          throw failure;
        }
        logRetry(failure, attempt);
        await backoff(retry, attempt, signal, failure.retryAfterMs);
        if (signal?.aborted) throw failure;
        attempt += 1;
      } finally {
        release(gen);
      }
    }
  }

  /** Logs a retry by code and attempt number only. */
  function logRetry(failure: SmtpFailure, attempt: number): void {
    logger.warn('smtp-settings: sending failed for a reason that may pass; trying again', {
      tenant,
      code: failure.code,
      attempt,
      of: retry.attempts,
    });
  }

  const health = createHealthTracker(options.onHealthChange);

  /** Reports how an operation ended to the health tracker; transient failures say nothing yet. */
  async function tracked<T>(operation: () => Promise<T>): Promise<T> {
    try {
      const result = await operation();
      reportHealth();
      return result;
    } catch (error) {
      if (isHealthFailure(error) && !(error instanceof SmtpFailure && error.transient)) {
        reportHealth(error);
      }
      throw error;
    }
  }

  /**
   * Records how the last operation ended, with the token health of the settings it just used: the
   * current generation's record, or none while nothing is saved, so reporting never reads the store.
   */
  function reportHealth(failure?: SmtpFailure | MailerNotConfiguredError): MailerHealth {
    const now = clock();
    return health.report({
      ok: failure === undefined,
      checkedAt: now.toISOString(),
      ...(failure && {
        error: failure instanceof SmtpFailure ? failure.toTestFailure() : failure.toHealthError(),
      }),
      tokenHealth: generation ? tokenHealthOf(generation.record.settings, now) : null,
    });
  }

  function verify(): Promise<void> {
    return perform(
      async (gen) => {
        await gen.transporter.verify();
      },
      { retryTransient: false },
    );
  }

  return {
    async send(message) {
      checkMessage(message);
      const startedAt = clock();
      const started = performance.now();
      let messageId = message.messageId;
      const sending = tracked(() =>
        perform(
          (gen) => {
            messageId ??= newMessageId(gen.settings.fromEmail);
            return gen.transporter.sendMail({ ...message, messageId, from: gen.from });
          },
          { retryTransient: true, signal: message.signal },
        ),
      );
      if (!recordSend) return sending;
      const record = (outcome: { sent: SentMail } | { error: unknown }) =>
        recordSend({
          message,
          messageId: messageId ?? newMessageId(undefined),
          startedAt,
          durationMs: performance.now() - started,
          outcome,
        });
      try {
        const sent = await sending;
        await record({ sent });
        return sent;
      } catch (error) {
        await record({ error });
        throw error;
      }
    },

    verify: () => tracked(verify),

    async checkHealth() {
      try {
        await verify();
        return reportHealth();
      } catch (error) {
        if (isHealthFailure(error)) return reportHealth(error);
        throw error;
      }
    },

    async close() {
      closed = true;
      retire(generation);
      generation = undefined;
      tokens.clear();
    },
  };
}

/** Whether an error is a mail problem that health reports (a classified failure, no settings), not a store or key problem. */
function isHealthFailure(error: unknown): error is SmtpFailure | MailerNotConfiguredError {
  return error instanceof SmtpFailure || error instanceof MailerNotConfiguredError;
}

/**
 * The server refused the login itself (an SMTP reply, or Microsoft Graph's 401; not a token we failed to
 * get), so a fresh token may pass.
 */
function isLoginRefused(error: unknown): boolean {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  return (code === 'EAUTH' && typeof responseCode === 'number') || isGraphTokenRejected(error);
}
