import type { TestResponse } from '@smtp-settings/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  googleDraft,
  leakedSecrets,
  microsoftDraft,
  SECRETS,
  transcript,
} from '../../test/app-fixture.js';
import { type OAuthMock, startOAuthMock } from '../../test/oauth-mock-fixture.js';
import { type SmtpServerFixture, startSmtpServer, testCertificates } from '../../test/smtp-server-fixture.js';
import { memoryStore } from '../stores/memory-store.js';

describe('POST /test with OAuth (XOAUTH2 against a local OIDC server)', () => {
  let mock: OAuthMock;
  let server: SmtpServerFixture;

  beforeAll(async () => {
    mock = await startOAuthMock();
    // The server accepts only the access token the identity provider issued last, for each mailbox.
    const latest = () => mock.latestAccessToken() ?? 'nothing issued yet';
    server = await startSmtpServer({
      security: 'starttls',
      accessTokens: {
        get 'notifications@contoso.com'() {
          return latest();
        },
        get 'notifications@example.com'() {
          return latest();
        },
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await mock.stop();
  });

  const app = () => {
    const smtp = { host: 'localhost', port: server.port, security: 'starttls' as const };
    return createTestApp({
      store: memoryStore(),
      smtpTls: { ca: testCertificates().ca },
      providers: {
        google: { ...mock.googleOptions(), smtp },
        microsoft: { ...mock.microsoftOptions(), smtp },
      },
    });
  };

  for (const [provider, draft] of [
    ['google', googleDraft({ refreshToken: SECRETS.refreshToken })],
    ['microsoft', microsoftDraft()],
  ] as const) {
    it(`authenticates to the provider's SMTP server with a minted ${provider} access token`, async () => {
      const before = mock.requests.length;
      const body = (await app().call('POST', '/test', { body: { settings: draft } })).body as TestResponse;
      expect(body.error).toBeUndefined();
      expect(body.ok).toBe(true);
      expect(body.stages.find((stage) => stage.name === 'auth')?.detail).toMatch(/XOAUTH2/);
      expect(mock.requests.slice(before)).toEqual([
        expect.objectContaining({ grantType: 'refresh_token', refreshToken: SECRETS.refreshToken }),
      ]);
    });
  }

  it('reports a revoked refresh token as TOKEN_REVOKED at auth with "Get a new refresh token"', async () => {
    mock.refuse(() => ({
      body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
    }));
    try {
      const body = (
        await app().call('POST', '/test', {
          body: { settings: googleDraft({ refreshToken: SECRETS.refreshToken }) },
        })
      ).body as TestResponse;
      expect(body.ok).toBe(false);
      expect(body.error).toMatchObject({
        code: 'TOKEN_REVOKED',
        stage: 'auth',
        hint: 'Get a new refresh token.',
      });
    } finally {
      mock.accept();
    }
  });

  it('says a refresh token is needed when none was obtained yet', async () => {
    const body = (await app().call('POST', '/test', { body: { settings: googleDraft() } }))
      .body as TestResponse;
    expect(body.error).toMatchObject({ code: 'TOKEN_REVOKED', stage: 'auth' });
  });

  it('never returned or logged a secret or an issued token', () => {
    expect(leakedSecrets()).toEqual([]);
    const tokens = mock.issued.flatMap(({ accessToken, refreshToken }) => [
      accessToken,
      refreshToken ?? accessToken,
    ]);
    expect(tokens.filter((token) => transcript.some((line) => line.includes(token)))).toEqual([]);
  });
});
