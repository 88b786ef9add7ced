import type { OAuthProvider } from '@smtp-settings/schema';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { capturingLogger, newSecretKey, SECRETS } from '../../test/app-fixture.js';
import { type OAuthMock, startOAuthMock } from '../../test/oauth-mock-fixture.js';
import { type SmtpServerFixture, startSmtpServer, testCertificates } from '../../test/smtp-server-fixture.js';
import { type StallingServer, startStallingServer } from '../../test/stalling-server.js';
import { createSecretBox } from '../crypto/secret-box.js';
import { SmtpFailure } from '../failures/smtp-failure.js';
import type { ProvidersOptions } from '../providers/resolve-providers.js';
import { memoryStore } from '../stores/memory-store.js';
import type { SettingsStore } from '../stores/store.js';
import { createMailer, type Mailer } from './create-mailer.js';

// Short, so the tests that wait for it are quick; the slack covers a busy machine, not a second try.
const TIMEOUT_MS = 300;
const SLACK_MS = 1500;
const TENANT = 'acme';
const SENDER = 'notifications@example.com';
const LABEL = { google: 'Google', microsoft: 'Microsoft' } as const;

const SETTINGS = {
  google: {
    authType: 'oauth',
    provider: 'google',
    clientId: '123456789012-abc123def456.apps.googleusercontent.com',
    clientSecret: SECRETS.clientSecret,
    refreshToken: SECRETS.refreshToken,
    fromEmail: SENDER,
  },
  microsoft: {
    authType: 'oauth',
    provider: 'microsoft',
    clientId: '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
    clientSecret: SECRETS.clientSecret,
    tenantId: 'contoso.onmicrosoft.com',
    refreshToken: SECRETS.refreshToken,
    fromEmail: SENDER,
  },
} as const;

const message = {
  to: 'qa-lead@example.com',
  subject: 'Test case TC-42 was updated',
  text: 'Step 3 changed.',
};

let mock: OAuthMock;
let server: SmtpServerFixture;

beforeAll(async () => {
  mock = await startOAuthMock();
  server = await startSmtpServer({
    security: 'starttls',
    // Accepts only the access token the identity provider issued last.
    accessTokens: mock.acceptingLatest(SENDER),
  });
});
afterAll(async () => {
  await server.close();
  await mock.stop();
});

/** Saves `settings` for the tenant as `PUT /settings` would: secrets sealed with `secretKey`. */
async function save(store: SettingsStore, secretKey: string, settings: Record<string, unknown>) {
  const box = createSecretBox(secretKey);
  const sealed = Object.fromEntries(
    Object.entries(settings).map(([field, value]) =>
      ['clientSecret', 'refreshToken'].includes(field)
        ? [field, box.seal(String(value), { tenant: TENANT, field })]
        : [field, value],
    ),
  );
  await store.put(
    TENANT,
    { settings: sealed, updatedAt: new Date().toISOString(), updatedBy: 'admin', changedFields: [] },
    0,
  );
}

/** Both providers at the mock, with the token endpoint of `provider` on the stalling server. */
function providersStalling(provider: OAuthProvider, stalling: StallingServer): ProvidersOptions {
  const smtp = { host: 'localhost', port: server.port, security: 'starttls' as const };
  const microsoft = mock.microsoftOptions();
  const metadata = {
    ...JSON.parse(microsoft.authorityMetadata ?? '{}'),
    token_endpoint: `${stalling.url}/token`,
  };
  return {
    google: {
      ...mock.googleOptions(),
      ...(provider === 'google' && { tokenUrl: `${stalling.url}/token` }),
      smtp,
    },
    microsoft: {
      ...microsoft,
      ...(provider === 'microsoft' && { authorityMetadata: JSON.stringify(metadata) }),
      smtp,
    },
    tokenTimeoutMs: TIMEOUT_MS,
  };
}

/** What `promise` settled with, and how long that took. */
async function timed<T>(promise: Promise<T>): Promise<{ outcome: T | unknown; ms: number }> {
  const started = performance.now();
  const outcome = await promise.catch((error: unknown) => error);
  return { outcome, ms: performance.now() - started };
}

for (const provider of ['google', 'microsoft'] as const) {
  describe(`a mailer whose ${LABEL[provider]} token endpoint accepts the connection and never answers`, () => {
    let stalling: StallingServer;
    let mailer: Mailer;

    beforeEach(async () => {
      stalling = await startStallingServer();
      const store = memoryStore();
      const secretKey = newSecretKey();
      await save(store, secretKey, SETTINGS[provider]);
      mailer = createMailer({
        store,
        secretKey,
        tenant: TENANT,
        providers: providersStalling(provider, stalling),
        smtpTls: { ca: testCertificates().ca },
        logger: capturingLogger,
      });
    });
    afterEach(async () => {
      await mailer.close();
      await stalling.close();
    });

    const expected = {
      code: 'TOKEN_ENDPOINT_UNREACHABLE',
      stage: 'auth',
      message: `The ${LABEL[provider]} token endpoint did not answer within ${TIMEOUT_MS} ms.`,
      hint: `This server could not reach ${LABEL[provider]}'s token endpoint: check its network connection, proxy and firewall, then try again.`,
    };

    it('rejects send() within the timeout with TOKEN_ENDPOINT_UNREACHABLE, transient, after one wait', async () => {
      const { outcome, ms } = await timed(mailer.send(message));
      expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      expect(outcome).toBeInstanceOf(SmtpFailure);
      expect(outcome).toMatchObject({ ...expected, transient: true });
      // The mint had its deadline: the send does not wait for another one per retry.
      expect(stalling.stalled).toBe(1);
    });

    it('reports the stalled endpoint from checkHealth() within the timeout', async () => {
      const { outcome, ms } = await timed(mailer.checkHealth());
      expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      expect(outcome).toMatchObject({ ok: false, error: expected });
    });

    it('mints afresh and sends with the same mailer once the endpoint answers again', async () => {
      await expect(mailer.send(message)).rejects.toMatchObject({ code: 'TOKEN_ENDPOINT_UNREACHABLE' });
      await expect(mailer.checkHealth()).resolves.toMatchObject({ ok: false });
      stalling.answerFrom(mock.url);
      const delivered = server.messages.length;

      await mailer.send(message);

      expect(server.messages.length).toBe(delivered + 1);
      expect(server.messages.at(-1)?.user).toBe(SENDER);
      await expect(mailer.checkHealth()).resolves.toMatchObject({ ok: true });
    });
  });
}
