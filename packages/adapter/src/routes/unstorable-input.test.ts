import { FIELD_MESSAGES, type OAuthStartResponse } from '@smtp-settings/schema';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  basicDraft,
  createTestApp,
  googleDraft,
  MOUNT,
  microsoftDraft,
  ORIGIN,
  SECRETS,
  STORE_KINDS,
  type TestApp,
} from '../../test/app-fixture.js';
import { type OAuthMock, startOAuthMock } from '../../test/oauth-mock-fixture.js';
import type { SettingsStore } from '../stores/store.js';

const BROKEN = FIELD_MESSAGES.textBrokenCharacter;
const RETURN_TO = 'Return address must be an absolute URL';
/** A string shaped like a flow id that no flow has. */
const UNKNOWN_ID = 'A'.repeat(24);

// NUL, which PostgreSQL refuses in text and JSONB, and halves of surrogate pairs, which UTF-8 cannot encode:
// PostgreSQL refused them with a 500 while the other stores kept them, so every store now refuses them alike.
const UNSTORABLE_SETTINGS: ReadonlyArray<[string, Record<string, unknown>, string, string]> = [
  ['half an emoji in From Name', basicDraft({ fromName: 'Ops \ud83d' }), 'fromName', BROKEN],
  ['a lone low surrogate in From Name', basicDraft({ fromName: '\udc00Ops' }), 'fromName', BROKEN],
  ['a lone surrogate in the user name', basicDraft({ username: 'mailer\ud800' }), 'username', BROKEN],
  ['a lone surrogate in the password', basicDraft({ password: 'pa\udfffss' }), 'password', BROKEN],
  [
    'a lone surrogate in the client secret',
    microsoftDraft({ clientSecret: 'secret\ud800' }),
    'clientSecret',
    BROKEN,
  ],
  [
    'a lone surrogate in the refresh token',
    googleDraft({ refreshToken: '1//token\udbff' }),
    'refreshToken',
    BROKEN,
  ],
  [
    'NUL in From Name',
    basicDraft({ fromName: 'Ops\u0000' }),
    'fromName',
    FIELD_MESSAGES.fromNameControlCharacters,
  ],
  [
    'NUL in the user name',
    basicDraft({ username: 'mailer\u0000' }),
    'username',
    FIELD_MESSAGES.usernameControlCharacters,
  ],
];

/** The callback page with its per-request nonce taken out, to compare two answers. */
const withoutNonce = (text: string) => text.replace(/nonce(?:="|-)[\w-]+/g, 'nonce');

describe.each(STORE_KINDS)('input no store can keep ($kind store)', ({ open }) => {
  let mock: OAuthMock;
  let store: SettingsStore;
  let cleanup: () => Promise<void>;
  let api: TestApp;

  beforeAll(async () => {
    mock = await startOAuthMock();
  });
  afterAll(() => mock.stop());

  beforeEach(() => {
    ({ store, cleanup } = open());
    api = createTestApp({
      store,
      providers: { google: mock.googleOptions(), microsoft: mock.microsoftOptions() },
    });
  });
  afterEach(() => cleanup());

  const callback = async (state: string) => {
    const res = await api.host.request(`${MOUNT}/oauth/google/callback?code=c&state=${state}`, {
      headers: { Origin: ORIGIN },
    });
    return {
      status: res.status,
      type: res.headers.get('Content-Type'),
      text: withoutNonce(await res.text()),
    };
  };

  it.each(UNSTORABLE_SETTINGS)(
    'refuses %s with 400 and the field, storing nothing',
    async (_, settings, field, message) => {
      const res = await api.call('PUT', '/settings', { body: { settings } });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        error: {
          code: 'VALIDATION_FAILED',
          message: 'Some fields need attention',
          messageKey: 'error.fieldsInvalid',
          fields: { [field]: message },
        },
      });
      expect(await store.get('default')).toBeNull();
      expect(await store.audit('default')).toEqual([]);
    },
  );

  it('keeps whole emoji and other characters outside the BMP as they were typed', async () => {
    const fromName = 'Ops 🚀 𝔐𝔞𝔦𝔩';
    expect(
      (await api.call('PUT', '/settings', { body: { settings: basicDraft({ fromName }) } })).status,
    ).toBe(200);
    expect((await api.call('GET', '/settings')).body.settings.fromName).toBe(fromName);
  });

  it.each([
    'https://app.example.test/admin\u0000',
    'https://app.example.test/admin?\ud800',
    'https://app.example.test/ad\u0001min',
  ])('refuses returnTo %j with 400 and the field, recording no flow', async (returnTo) => {
    const res = await api.call('POST', '/oauth/google/start', {
      body: { clientId: googleDraft().clientId, clientSecret: SECRETS.clientSecret, returnTo },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', fields: { returnTo: RETURN_TO } });
    expect(await store.deleteExpiredFlows('9999-12-31T00:00:00.000Z')).toBe(0);
  });

  it.each(['%00', 'a%00b', `${UNKNOWN_ID}%00`, '%ED%A0%80', `${UNKNOWN_ID.slice(1)}%F0%9F%9A%80`])(
    'answers GET /oauth/flows/%s with 404, as for an unknown flow',
    async (id) => {
      const res = await api.call('GET', `/oauth/flows/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    },
  );

  it('answers a callback whose state cannot name a flow with the page of an unknown state', async () => {
    const started = await api.call('POST', '/oauth/google/start', {
      body: { clientId: googleDraft().clientId, clientSecret: SECRETS.clientSecret },
    });
    const { flowId } = started.body as OAuthStartResponse;
    const unknown = await callback(`${UNKNOWN_ID}.nonce`);
    expect(unknown.status).toBeLessThan(500);
    expect(unknown.text).toContain('OAUTH_STATE_INVALID');

    for (const state of ['%00.nonce', `${UNKNOWN_ID}%00.nonce`, 'a%00b.c', '%ED%A0%80.x', `${flowId}.%00`]) {
      expect(await callback(state), state).toEqual(unknown);
    }
    // The real flow was not touched by the forged states.
    expect((await api.call('GET', `/oauth/flows/${flowId}`)).body.status).toBe('started');
  });

  it.each([
    // A query cannot carry half a surrogate pair (invalid UTF-8 stays undecoded), but NUL it can.
    ['control characters', 'Odd\u0000\u0001 refusal'],
    // The message keeps 159 UTF-16 units of the description, which would end in half of an emoji.
    ['an emoji the shortened message would cut in half', '🚀'.repeat(100)],
  ])('records a refusal whose description holds %s without what no store keeps', async (_, description) => {
    const started = await api.call('POST', '/oauth/google/start', {
      body: { clientId: googleDraft().clientId, clientSecret: SECRETS.clientSecret },
    });
    const { flowId, authorizeUrl } = started.body as OAuthStartResponse;
    const state = new URL(authorizeUrl).searchParams.get('state');
    const query = `state=${state}&error=odd_refusal&error_description=${encodeURIComponent(description)}`;
    const page = await api.host.request(`${MOUNT}/oauth/google/callback?${query}`, {
      headers: { Origin: ORIGIN },
    });
    expect(page.status).toBe(200);
    const flow = (await api.call('GET', `/oauth/flows/${flowId}`)).body;
    expect(flow).toMatchObject({ status: 'failed', error: { code: 'OAUTH_FAILED' } });
    expect(flow.error.message).toContain('odd_refusal');
    expect(flow.error.message).not.toMatch(/[\p{Cc}\p{Cs}]/u);
  });
});
