import {
  ERROR_CODES,
  HostSchema,
  OAUTH_ERROR_CODES,
  type OAuthStartResponse,
  PortSchema,
  SERVER_TEXTS,
  type ServerTextKey,
  SMTP_ERROR_CODES,
  SmtpSettingsDraftSchema,
} from '@smtp-settings/schema';
import * as fc from 'fast-check';
import * as v from 'valibot';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  hostileKey,
  MARKER_PATTERN,
  marker,
  ownObject,
  plantedString,
  rawTexts,
  SCHEMA_FIELDS,
  settingsBodies,
  startBodies,
} from '../test/adversarial-input.js';
import {
  basicDraft,
  createTestApp,
  googleDraft,
  MOUNT,
  microsoftDraft,
  newSecretKey,
  ORIGIN,
  SECRETS,
  STORE_KINDS,
  type TestApp,
  transcript,
} from '../test/app-fixture.js';
import { followAuthorizeUrl, type OAuthMock, startOAuthMock } from '../test/oauth-mock-fixture.js';
import { refusedPort } from '../test/smtp-server-fixture.js';
import { englishText } from './failures/server-text.js';
import { memoryStore } from './stores/memory-store.js';
import type { AuditTestWrite, SettingsStore } from './stores/store.js';

/** Tenants chosen per request by header: one per settings variant, and one with nothing saved. */
const TENANTS = ['basic', 'microsoft', 'google', 'empty'] as const;
const ERROR_CODE_SET = new Set<string>([...ERROR_CODES, ...OAUTH_ERROR_CODES, ...SMTP_ERROR_CODES]);
const ERROR_KEYS = ['code', 'message', 'messageKey', 'params', 'fields', 'fieldKeys'];
const FAILED_TESTS = new Set<string>(SMTP_ERROR_CODES);
const SECRET_VALUES = Object.values(SECRETS);

/** Runs per property on the memory store; SQLite and PostgreSQL get a fifth, enough to reach their code paths. */
const RUNS = {
  put: 3000,
  test: 2600,
  start: 1700,
  raw: 1300,
  oversized: 60,
  audit: 700,
  flows: 700,
  writes: 1000,
  callbacks: 500,
};
/** The tenant whose settings the write property may change; the snapshot of {@link TENANTS} leaves it out. */
const WRITABLE = 'writable';
/** Fields holding free text that gets stored, each with a draft it belongs in. */
const FREE_TEXT: Record<string, (overrides: Record<string, unknown>) => Record<string, unknown>> = {
  fromName: basicDraft,
  username: basicDraft,
  password: basicDraft,
  clientSecret: microsoftDraft,
  refreshToken: (overrides) => googleDraft({ refreshToken: SECRETS.refreshToken, ...overrides }),
};
/** What no database keeps as typed: NUL, and halves of surrogate pairs (a whole pair is fine). */
const UNSTORABLE = ['\0', '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', '\ude80', '🚀'];

interface FuzzRequest {
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  tenant: (typeof TENANTS)[number];
  headers: Record<string, string>;
  /** The exact body text, or none. */
  body?: string;
  /** The body as the server parses it, to check field paths against. */
  sent?: unknown;
}

interface FuzzResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

const tenant = fc.constantFrom(...TENANTS);
const contentType = fc.oneof(
  { weight: 14, arbitrary: fc.constant<string | undefined>('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json;',
      'application/problem+json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      '',
      undefined,
    ),
  },
);
/** Printable ASCII only: `Headers` refuses CR, LF and NUL before the app sees them. */
const headerText = fc.oneof(
  marker,
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)) }),
);

/** Percent-encodes every UTF-8 byte, so lone surrogates and reserved characters reach the router as bytes. */
function percentEncoded(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
}

/** The body as `Request.json()` reads it, which skips a UTF-8 byte order mark as the Fetch standard says. */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\ufeff/, ''));
  } catch {
    return undefined;
  }
}

function bodyRequest(
  method: 'PUT' | 'POST',
  path: string,
  body: unknown,
  headers: Record<string, string | undefined>,
  chosen: FuzzRequest['tenant'],
): FuzzRequest {
  const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? 'null');
  const defined = Object.entries(headers).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return {
    method,
    path,
    tenant: chosen,
    headers: Object.fromEntries(defined),
    body: text,
    sent: typeof body === 'string' ? parsed(body) : body,
  };
}

/**
 * Makes a body that could pass validation harmless for `POST /test`: every valid host and port, at any
 * depth (raw texts nest bodies into each other), becomes the refused loopback port, so nothing is
 * resolved or leaves the machine and nothing waits.
 */
function neutralized(value: unknown, port: number, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || depth > 4) return value;
  if (Array.isArray(value)) return value.map((item) => neutralized(item, port, depth + 1));
  const safe = ownObject(
    Object.entries(value).map(([key, item]) => [key, neutralized(item, port, depth + 1)] as const),
  );
  if (v.is(HostSchema, safe.host)) safe.host = '127.0.0.1';
  if (v.is(PortSchema, safe.port)) safe.port = port;
  return safe;
}

/** Whether a field error names a path of the input (a key may hold dots) or a schema field under one. */
function isRealFieldPath(path: string, sent: unknown): boolean {
  if (path === '') return true;
  const settings = isObject(sent) && Object.hasOwn(sent, 'settings') ? sent.settings : undefined;
  const roots = [sent, settings];
  if (roots.some((root) => resolves(root, path))) return true;
  const segments = path.split('.');
  const last = segments.pop() as string;
  const parent = segments.join('.');
  return (
    SCHEMA_FIELDS.has(last) && roots.some((root) => (parent === '' ? isObject(root) : resolves(root, parent)))
  );
}

function resolves(value: unknown, path: string): boolean {
  if (!isObject(value)) return false;
  if (Object.hasOwn(value, path)) return true;
  return Object.keys(value).some(
    (key) => path.startsWith(`${key}.`) && resolves(value[key], path.slice(key.length + 1)),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Own keys of the built-in prototypes: a pollution adds one. */
function prototypeKeys(): string {
  return [Object.prototype, Array.prototype, Function.prototype]
    .map((proto) => Reflect.ownKeys(proto).map(String).sort().join(','))
    .join('|');
}

describe.each(STORE_KINDS)('hostile requests ($kind store)', ({ kind, open }) => {
  const scale = kind === 'memory' ? 1 : 0.2;
  const runs = (name: keyof typeof RUNS) => Math.max(20, Math.round(RUNS[name] * scale));
  let store: SettingsStore;
  let cleanup: () => Promise<void>;
  let mock: OAuthMock;
  let api: TestApp;
  let writer: TestApp;
  let port: number;
  let flowIds: string[] = [];
  let stored = '';
  let prototypes = '';
  let bodies = 0;
  const audited: AuditTestWrite[] = [];
  const started = performance.now();

  const snapshot = async () =>
    JSON.stringify(
      await Promise.all(
        TENANTS.map(async (name) => [await store.get(name), (await store.audit(name)).length]),
      ),
    );

  beforeAll(async () => {
    ({ store, cleanup } = open());
    mock = await startOAuthMock();
    mock.setIdTokenClaims({ email: 'notifications@contoso.com' });
    port = await refusedPort();
    const nowhere = { host: '127.0.0.1', port, security: 'starttls' as const };
    const secretKey = newSecretKey();
    const common = {
      // Tests are audited by design; kept aside here, so the stored trail still shows any write the fuzzer made.
      store: {
        ...store,
        recordAudit: async (_tenant: string, entry: AuditTestWrite) => void audited.push(entry),
      },
      secretKey,
      testRateLimit: false as const,
      oauthStartRateLimit: false as const,
      tenant: (c: { req: { header(name: string): string | undefined } }) =>
        TENANTS.find((name) => name === c.req.header('X-Fuzz-Tenant')) ?? 'basic',
      providers: {
        google: { ...mock.googleOptions(), smtp: nowhere },
        microsoft: { ...mock.microsoftOptions(), smtp: nowhere },
      },
    };
    const seeder = createTestApp({ ...common, requireTestBeforeSave: false });
    for (const [name, settings] of [
      ['basic', basicDraft()],
      ['microsoft', microsoftDraft()],
      ['google', googleDraft({ refreshToken: SECRETS.refreshToken })],
    ] as const) {
      const res = await seeder.call('PUT', '/settings', {
        body: { settings },
        headers: { 'X-Fuzz-Tenant': name },
      });
      expect(res.status).toBe(200);
    }
    // Saves without a test, but only for its own tenant, which the snapshot leaves out.
    writer = createTestApp({ ...common, requireTestBeforeSave: false, tenant: () => WRITABLE });
    // A valid body that could save must first pass a test: nothing the fuzzer sends can, so nothing is stored.
    api = createTestApp({
      ...common,
      requireTestBeforeSave: true,
      // Only loopback: a body that slipped past `neutralized` still reaches nothing else.
      hostPolicy: ({ address }) => address.startsWith('127.'),
      testTimeouts: { connect: 300, greeting: 300, command: 300, total: 1000 },
    });
    // Flow ids the fuzzer may reference: started, completed and for another tenant.
    for (const [name, provider, fields] of [
      ['google', 'google', { clientId: googleDraft().clientId }],
      [
        'microsoft',
        'microsoft',
        { clientId: microsoftDraft().clientId, tenantId: 'contoso.onmicrosoft.com' },
      ],
      ['empty', 'google', { clientId: googleDraft().clientId }],
    ] as const) {
      const headers = { 'X-Fuzz-Tenant': name };
      const body = { ...fields, clientSecret: SECRETS.clientSecret };
      const completed = await api.call('POST', `/oauth/${provider}/start`, { body, headers });
      const { flowId, authorizeUrl } = completed.body as OAuthStartResponse;
      const callback = await followAuthorizeUrl(authorizeUrl);
      const page = await api.call('GET', callback.pathname.replace(MOUNT, '') + callback.search, { headers });
      expect(page.body).toContain('Connected as');
      const pending = await api.call('POST', `/oauth/${provider}/start`, { body, headers });
      flowIds.push(flowId, (pending.body as OAuthStartResponse).flowId);
    }
    flowIds = [...new Set(flowIds)];
    stored = await snapshot();
    prototypes = prototypeKeys();
  });

  afterAll(async () => {
    await mock.stop();
    await cleanup();
  });

  async function send(request: FuzzRequest, app = api): Promise<FuzzResponse> {
    if (request.body !== undefined) bodies += 1;
    const response = await app.host.request(`${MOUNT}${request.path}`, {
      method: request.method,
      headers: { Origin: ORIGIN, 'X-Fuzz-Tenant': request.tenant, ...request.headers },
      ...(request.body !== undefined && { body: request.body }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: parsed(text) };
  }

  /** What every answer must be, whatever was sent. */
  function expectSafeAnswer(request: FuzzRequest, res: FuzzResponse, allowed: readonly number[]): void {
    expect(res.status, res.text).toBeLessThan(500);
    expect(allowed, `${res.status} ${res.text}`).toContain(res.status);
    // Plain checks first: ten thousand runs of expect() on every header would dominate the run time.
    const everything = `${[...res.headers].join('\n')}\n${res.text}`;
    if (MARKER_PATTERN.test(everything) || SECRET_VALUES.some((secret) => everything.includes(secret))) {
      expect.unreachable(`the answer repeats input: ${everything.slice(0, 2000)}`);
    }
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    if (res.status < 400) return;
    expect(Object.keys(res.json ?? {}), res.text).toEqual(['error']);
    const { error } = res.json;
    expect(Object.keys(error).filter((key) => !ERROR_KEYS.includes(key))).toEqual([]);
    expect(ERROR_CODE_SET.has(error.code), error.code).toBe(true);
    expect(typeof error.message === 'string' && error.message.length > 0).toBe(true);
    // Every message is a server text, so a widget can say it in the admin's language.
    expect(Object.hasOwn(SERVER_TEXTS, error.messageKey), error.messageKey).toBe(true);
    expect(englishText(error.messageKey, error.params)).toBe(error.message);
    for (const [path, key] of Object.entries(error.fieldKeys ?? {})) {
      expect(englishText(key as ServerTextKey, error.params), path).toBe(error.fields?.[path]);
    }
    if (res.status === 400 && error.fields !== undefined) {
      expect(isObject(error.fields) && !Array.isArray(error.fields)).toBe(true);
      for (const [path, message] of Object.entries(error.fields)) {
        expect(typeof message).toBe('string');
        expect(isRealFieldPath(path, request.sent), `"${path}" in ${request.body?.slice(0, 300)}`).toBe(true);
      }
    } else {
      expect(error.fields).toBeUndefined();
    }
  }

  let logged = 0;
  beforeEach(() => {
    logged = transcript.length;
  });

  async function expectNothingChanged(): Promise<void> {
    expect(await snapshot()).toBe(stored);
    expect(prototypeKeys()).toBe(prototypes);
    for (const key in {}) expect.unreachable(`Object.prototype gained "${key}"`);
    expect(transcript.slice(logged).filter((line) => line.includes('request failed'))).toEqual([]);
  }

  const ifMatch = () =>
    fc.oneof(
      fc.constant(undefined),
      fc.constant('current'),
      fc.constantFrom('"0"', '"999"', 'W/"1"', '*', 'latest', '"1", "2"', '9'.repeat(16), ' "1" ', '"-1"'),
      headerText,
    );

  it('PUT /settings answers hostile bodies with 4xx, never echoes them and stores nothing', async () => {
    const current = async (name: string) => String((await store.get(name))?.version ?? 0);
    const request = fc
      .tuple(
        fc.oneof(
          { weight: 5, arbitrary: settingsBodies(flowIds, ['receipt']) },
          rawTexts(settingsBodies(flowIds, [])),
        ),
        tenant,
        ifMatch(),
        fc.option(headerText, { freq: 6 }),
        contentType,
      )
      .map(([body, chosen, match, receipt, type]) =>
        bodyRequest(
          'PUT',
          '/settings',
          body,
          { 'Content-Type': type, 'X-Test-Receipt': receipt ?? undefined, 'If-Match': match },
          chosen,
        ),
      );
    await fc.assert(
      fc.asyncProperty(request, async (req) => {
        const headers = { ...req.headers };
        if (headers['If-Match'] === 'current') headers['If-Match'] = `"${await current(req.tenant)}"`;
        const res = await send({ ...req, headers });
        // 200 only when the body equals what is stored; the snapshot below proves nothing was written.
        expectSafeAnswer(req, res, [200, 400, 409, 413, 415, 428]);
      }),
      { numRuns: runs('put') },
    );
    await expectNothingChanged();
  });

  it('POST /test answers hostile bodies with 4xx or a failed test that resolved and reached nothing', async () => {
    const request = fc
      .tuple(
        fc.oneof(
          { weight: 5, arbitrary: settingsBodies(flowIds, ['sendTo']) },
          rawTexts(settingsBodies(flowIds, []).map((body) => neutralized(body, port))),
        ),
        tenant,
        contentType,
        fc.constantFrom(undefined, undefined, undefined, 'text/event-stream'),
      )
      .map(([body, chosen, type, accept]) =>
        bodyRequest(
          'POST',
          '/test',
          typeof body === 'string' ? body : neutralized(body, port),
          { 'Content-Type': type, Accept: accept },
          chosen,
        ),
      );
    await fc.assert(
      fc.asyncProperty(request, async (req) => {
        const res = await send(req);
        expectSafeAnswer(req, res, [200, 400, 413, 415]);
        if (res.status !== 200) return;
        const result = res.headers.get('Content-Type')?.includes('text/event-stream')
          ? parsed(/event: result\ndata: (.*)\n/.exec(res.text)?.[1] ?? '')
          : res.json;
        expect(result, res.text).toMatchObject({ ok: false, error: { code: expect.any(String) } });
        const { error, stages, receipt } = result as any;
        expect(FAILED_TESTS.has(error.code)).toBe(true);
        expect(receipt).toBeUndefined();
        expect(stages[0]).toMatchObject({ name: 'dns', detail: expect.stringMatching(/no lookup needed$/) });
      }),
      { numRuns: runs('test') },
    );
    await expectNothingChanged();
    expect(audited.length).toBeGreaterThan(0);
    for (const { action, test } of audited) {
      expect(action).toBe('test');
      expect(FAILED_TESTS.has(test.outcome), test.outcome).toBe(true);
      expect(Object.keys(test).sort()).toEqual(['host', 'outcome', 'port']);
    }
    const recorded = JSON.stringify(audited);
    expect(MARKER_PATTERN.test(recorded) || SECRET_VALUES.some((secret) => recorded.includes(secret))).toBe(
      false,
    );
  });

  it.each(['microsoft', 'google'] as const)(
    'POST /oauth/%s/start answers hostile bodies with 4xx or a flow, never echoing them',
    async (provider) => {
      const request = fc
        .tuple(
          fc.oneof(
            { weight: 5, arbitrary: startBodies(provider, flowIds) },
            rawTexts(startBodies(provider, flowIds)),
          ),
          tenant,
          contentType,
        )
        .map(([body, chosen, type]) =>
          bodyRequest('POST', `/oauth/${provider}/start`, body, { 'Content-Type': type }, chosen),
        );
      await fc.assert(
        fc.asyncProperty(request, async (req) => {
          const res = await send(req);
          expectSafeAnswer(req, res, [200, 400, 413, 415]);
          if (res.status === 200)
            expect(Object.keys(res.json).sort()).toEqual(['authorizeUrl', 'expiresAt', 'flowId']);
        }),
        { numRuns: runs('start') },
      );
      await expectNothingChanged();
    },
  );

  it('every state-changing route answers any body text, content type and unknown provider with 4xx', async () => {
    const route = fc.oneof(
      fc.constantFrom<['PUT' | 'POST', string]>(
        ['PUT', '/settings'],
        ['POST', '/test'],
        ['POST', '/oauth/microsoft/start'],
        ['POST', '/oauth/google/start'],
      ),
      fc
        .constantFrom('yahoo', 'Google', 'MICROSOFT', '__proto__', 'constructor', 'g%6Fogle', 'micro%00soft')
        .map((name): ['POST', string] => ['POST', `/oauth/${name}/start`]),
    );
    const request = fc
      .tuple(
        route,
        fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), plantedString),
        tenant,
        contentType,
      )
      .map(([[method, path], body, chosen, type]) =>
        bodyRequest(method, path, body, { 'Content-Type': type }, chosen),
      );
    await fc.assert(
      fc.asyncProperty(request, async (req) => {
        expectSafeAnswer(req, await send(req), [200, 400, 404, 413, 415, 428]);
      }),
      { numRuns: runs('raw') },
    );
    await expectNothingChanged();
  });

  it('answers 413 for every body over the limit, whatever it holds', async () => {
    const request = fc
      .tuple(
        fc.constantFrom<['PUT' | 'POST', string]>(
          ['PUT', '/settings'],
          ['POST', '/test'],
          ['POST', '/oauth/microsoft/start'],
          ['POST', '/oauth/google/start'],
        ),
        fc.integer({ min: 64 * 1024 + 1, max: 400_000 }),
        marker,
        fc.constantFrom('fromName', 'password', 'settings', '__proto__'),
        tenant,
      )
      .map(([[method, path], size, planted, key, chosen]) => {
        const filler = `${planted}${'y'.repeat(size)}`;
        const body =
          key === 'fromName' || key === 'password'
            ? { settings: basicDraft({ [key]: filler }) }
            : ownObject([[key, filler]]);
        return bodyRequest(method, path, body, { 'Content-Type': 'application/json' }, chosen);
      });
    await fc.assert(
      fc.asyncProperty(request, async (req) => {
        const res = await send(req);
        expectSafeAnswer(req, res, [413]);
        expect(res.json.error.code).toBe('PAYLOAD_TOO_LARGE');
      }),
      { numRuns: runs('oversized') },
    );
    await expectNothingChanged();
  });

  it('GET /settings/audit?limit= answers 200 within the limit or 400 on limit, for any query', async () => {
    const limit = fc.oneof(
      fc.integer({ min: -5, max: 600 }).map(String),
      fc.constantFrom(
        '1e2',
        '0x10',
        ' 5',
        '5 ',
        '５',
        '',
        '1.0',
        '0500',
        '00001',
        '9'.repeat(400),
        '%00',
        '%E0%A4%A',
      ),
      plantedString.filter((text) => text.length < 2000),
      fc.string({ unit: 'binary', maxLength: 12 }),
    );
    const query = fc.tuple(limit, fc.option(limit), fc.boolean()).map(([first, second, raw]) => {
      const encode = (text: string) => (raw && /^[\x21-\x7e]*$/.test(text) ? text : percentEncoded(text));
      return `?limit=${encode(first)}${second === null ? '' : `&limit=${encode(second)}`}`;
    });
    await fc.assert(
      fc.asyncProperty(query, tenant, async (search, chosen) => {
        const req: FuzzRequest = {
          method: 'GET',
          path: `/settings/audit${search}`,
          tenant: chosen,
          headers: {},
        };
        const res = await send(req);
        expectSafeAnswer({ ...req, sent: { limit: '' } }, res, [200, 400]);
        if (res.status === 400) expect(Object.keys(res.json.error.fields)).toEqual(['limit']);
        else expect(res.json.entries.length).toBeLessThanOrEqual(1);
      }),
      { numRuns: runs('audit') },
    );
    await expectNothingChanged();
  });

  it('GET /oauth/flows/:id answers 404 for any id but a real one of the caller', async () => {
    const id = fc.oneof(
      fc.constantFrom(...flowIds).map((flowId) => ({ flowId, encoded: flowId })),
      fc
        .oneof(
          plantedString.filter((text) => text.length < 4000),
          hostileKey,
          fc.string({ unit: 'binary' }),
        )
        .map((flowId) => ({ flowId, encoded: percentEncoded(flowId) })),
      fc
        .constantFrom(
          '%E0%A4%A',
          '%',
          '',
          '%2e%2e',
          '..%2F..%2Fsettings',
          '%2e%2e%2F',
          '%00',
          'a%2Fb',
          'x'.repeat(10_000),
        )
        .map((encoded) => ({ flowId: encoded, encoded })),
    );
    await fc.assert(
      fc.asyncProperty(id, tenant, async ({ flowId, encoded }, chosen) => {
        const req: FuzzRequest = {
          method: 'GET',
          path: `/oauth/flows/${encoded}`,
          tenant: chosen,
          headers: {},
        };
        const res = await send(req);
        expectSafeAnswer(req, res, [200, 404]);
        if (res.status === 200) expect(res.json.flowId).toBe(flowId);
      }),
      { numRuns: runs('flows') },
    );
    await expectNothingChanged();
  });

  it('PUT /settings keeps hostile free text as the schema reads it, or refuses it with 400 on its field', async () => {
    const text = fc.oneof(
      plantedString.filter((value) => value.length < 2000),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc
        .tuple(
          fc.string({ maxLength: 8 }),
          fc.constantFrom(...UNSTORABLE),
          marker,
          fc.constantFrom(...UNSTORABLE),
        )
        .map((pieces) => pieces.join('')),
    );
    const request = fc
      .tuple(fc.constantFrom(...Object.keys(FREE_TEXT)), text)
      .map(([field, value]) => ({ field, value, settings: FREE_TEXT[field]?.({ [field]: value }) }));
    await fc.assert(
      fc.asyncProperty(request, async ({ field, value, settings }) => {
        const version = (await store.get(WRITABLE))?.version ?? 0;
        const headers = { 'Content-Type': 'application/json', 'If-Match': `"${version}"` };
        const req = bodyRequest('PUT', '/settings', { settings }, headers, 'basic');
        const res = await send(req, writer);
        // The schema alone decides, so every store answers the same input the same way.
        const parsed = v.safeParse(SmtpSettingsDraftSchema, settings);
        if (!parsed.success) {
          expectSafeAnswer(req, res, [400]);
          expect(Object.keys(res.json.error.fields)).toEqual([field]);
          expect((await store.get(WRITABLE))?.version ?? 0).toBe(version);
          return;
        }
        expect(res.status, res.text).toBe(200);
        const saved = await send({ method: 'GET', path: '/settings', tenant: 'basic', headers: {} }, writer);
        if (field === 'fromName' || field === 'username') {
          expect(saved.json.settings[field]).toBe((parsed.output as Record<string, unknown>)[field]);
        } else if (MARKER_PATTERN.test(value) && `${res.text}${saved.text}`.includes(value)) {
          expect.unreachable(`the ${field} came back`);
        }
      }),
      { numRuns: runs('writes') },
    );
    await expectNothingChanged();
  });

  it.each(['microsoft', 'google'] as const)(
    'GET /oauth/%s/callback answers any state that names no flow of the caller like an unknown one',
    async (provider) => {
      const page = async (state: string, chosen: FuzzRequest['tenant']) => {
        const res = await send({
          method: 'GET',
          path: `/oauth/${provider}/callback?code=c&state=${state}`,
          tenant: chosen,
          headers: {},
        });
        return { status: res.status, text: res.text.replace(/nonce(?:="|-)[\w-]+/g, 'nonce') };
      };
      const unknown = await page(`${'A'.repeat(24)}.nonce`, 'basic');
      expect(unknown.status).toBeLessThan(500);
      const state = fc.oneof(
        plantedString.filter((value) => value.length < 2000).map(percentEncoded),
        fc.string({ unit: 'binary', maxLength: 60 }).map(percentEncoded),
        fc
          .tuple(fc.constantFrom(...flowIds), fc.oneof(plantedString, fc.string({ unit: 'binary' })))
          .map(([flowId, nonce]) => `${flowId}.${percentEncoded(nonce)}`),
        fc
          .tuple(fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ maxLength: 10 }))
          .map(([flowId, nonce]) => `${percentEncoded(flowId)}.${percentEncoded(nonce)}`),
        fc.constantFrom('', '.', '%00.%00', '%ED%A0%80.x', '%E0%A4%A.x', `${'A'.repeat(24)}%00.x`),
      );
      await fc.assert(
        fc.asyncProperty(state, tenant, async (search, chosen) => {
          expect(await page(search, chosen)).toEqual(unknown);
        }),
        { numRuns: runs('callbacks') },
      );
      await expectNothingChanged();
    },
  );

  it('sent at least the planned number of bodies', () => {
    const planned = Math.round((RUNS.put + RUNS.test + 2 * RUNS.start + RUNS.raw + RUNS.oversized) * scale);
    expect(bodies).toBeGreaterThanOrEqual(planned);
    console.info(`${kind}: ${bodies} bodies in ${Math.round(performance.now() - started)} ms`);
  });
});

describe('regressions the fuzzer found', () => {
  let api: TestApp;
  let port: number;

  beforeAll(async () => {
    port = await refusedPort();
    api = createTestApp({ store: memoryStore(), testRateLimit: false });
  });

  it('answers an event-stream test with Cache-Control: no-store like every other answer', async () => {
    const res = await api.host.request(`${MOUNT}/test`, {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ settings: basicDraft({ host: '127.0.0.1', port }) }),
    });
    expect(await res.text()).toContain('event: result');
    // The stream carries the result and, for a passing test, the receipt that lets Save store these values.
    expect(res.headers.get('Cache-Control')).toBe('no-store');
  });

  it('answers a test of a username with angle brackets, which the schema accepts, without a 500', async () => {
    const res = await api.call('POST', '/test', {
      body: { settings: basicDraft({ host: '127.0.0.1', port, username: 'mailer<ops>@example.com' }) },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.error).toMatchObject({ code: 'CONNECTION_REFUSED', stage: 'connect' });
  });

  it.each(['/oauth/flows/', '/settings/', '/oauth/flows/%2e%2e', '/nope'])(
    'answers an unknown path under the mount point (%s) with the JSON error shape',
    async (path) => {
      const res = await api.host.request(`${MOUNT}${path}`, { headers: { Origin: ORIGIN } });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({
        error: { code: 'NOT_FOUND', message: 'Not found', messageKey: 'error.notFound' },
      });
    },
  );
});
