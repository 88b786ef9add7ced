/**
 * fast-check arbitraries for hostile request bodies and query values: wrong types, huge and deeply
 * nested values, own `__proto__` / `constructor` / `prototype` keys, control characters, confusable
 * Unicode, numbers as strings, arrays for objects, and valid drafts with fields mutated. Every string a
 * response could repeat carries a marker (`MK_xxxxxxxx_`), so an echo of input is caught by
 * {@link MARKER_PATTERN}; no valid host, client ID or tenant can contain one (they refuse `_`).
 *
 * @module
 */
import * as fc from 'fast-check';
import { basicDraft, googleDraft, microsoftDraft } from './app-fixture.js';

/** Matches every marker the arbitraries plant; no response may match it. */
export const MARKER_PATTERN = /MK_[a-z0-9]{8}_/;

/** Field names the schemas know, at any level: a field error may name one even when the input lacks it. */
export const SCHEMA_FIELDS: ReadonlySet<string> = new Set([
  'settings',
  'receipt',
  'sendTo',
  'authType',
  'provider',
  'host',
  'port',
  'security',
  'username',
  'password',
  'allowInvalidCertificate',
  'fromEmail',
  'fromName',
  'clientId',
  'clientSecret',
  'clientSecretExpiresAt',
  'tenantId',
  'refreshToken',
  'returnTo',
  'keep',
  'clear',
  'flow',
  'limit',
]);

/** A 12-character marker; unique enough that any match in a response is an echo. */
export const marker: fc.Arbitrary<string> = fc
  .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 8, maxLength: 8 })
  .map((letters) => `MK_${letters}_`);

const HOSTILE_PIECES = [
  '',
  ' ',
  '\r\n',
  '\n',
  '\r',
  '\0',
  '\t',
  '\u0085',
  '\u2028',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\u00a0',
  '\ud800',
  '\udfff',
  '🚀',
  'e\u0301',
  '\u001b[2J',
  '%0d%0a',
  '\r\nBcc: victim@evil.test',
  '<',
  '>',
  '"',
  '\\',
  '${',
  '../',
  '@',
  ':',
  '[',
  'а',
  'ѕ',
  'ｔ',
];

// Values of closed sets, their look-alikes, and numbers written as text: refused without being echoed.
const NEAR_MISSES = [
  'basic',
  'oauth',
  'microsoft',
  'google',
  'tls',
  'starttls',
  'none',
  'bаsic',
  'BASIC',
  'оauth',
  'ｍｉｃｒｏｓｏｆｔ',
  'gооgle',
  'TLS',
  'start tls',
  'ssl',
  'none\0',
  '587',
  ' 587',
  '0x24B',
  '5.87e2',
  '５８７',
  '٥٨٧',
  '+587',
  '-1',
  'NaN',
  'Infinity',
  'true',
  'null',
  '',
  ' ',
  'common',
  'Organizations',
  'keep',
];

const hostilePiece = fc.constantFrom(...HOSTILE_PIECES);

// Up to the 64 KiB limit and beyond it: values at a field's maximum, bodies just under and over the limit.
const hugeLength = fc.oneof(
  fc.integer({ min: 1000, max: 17_000 }),
  fc.integer({ min: 63_000, max: 66_500 }),
  fc.integer({ min: 66_500, max: 150_000 }),
);

/** A string carrying a marker, wrapped in hostile characters, rarely huge. */
export const plantedString: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: marker },
  {
    weight: 16,
    arbitrary: fc.tuple(hostilePiece, marker, hostilePiece).map(([a, m, b]) => `${a}${m}${b}`),
  },
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.string({ unit: 'binary', maxLength: 16 }), marker, fc.string({ maxLength: 8 }))
      .map(([a, m, b]) => `${a}${m}${b}`),
  },
  { weight: 1, arbitrary: fc.tuple(marker, hugeLength).map(([m, length]) => m + 'x'.repeat(length)) },
);

const number = fc.oneof(
  fc.integer({ min: -10, max: 70_000 }),
  fc.constantFrom(0, -0, 1.5, 65_535, 65_536, 2 ** 31, 2 ** 53 + 2, 1e21, -1e21, Number.MAX_VALUE, 5e-324),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: plantedString },
  { weight: 3, arbitrary: fc.constantFrom(...NEAR_MISSES) },
  { weight: 2, arbitrary: number },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

/** Object keys a parser or a schema could mistake: prototype names, look-alikes, dotted paths. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      ...SCHEMA_FIELDS,
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      'hasOwnProperty',
      'valueOf',
      '',
      ' host',
      'Host',
      'hоst',
      'settings.host',
      'a.b',
      '0',
      'length',
      'isAdmin',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);

/** Builds an object whose keys all become own properties, `__proto__` included, as JSON.parse makes them. */
export function ownObject(entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return object;
}

/** Any JSON value built from hostile leaves and keys, a few levels deep. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{
  value: unknown;
  array: unknown[];
  object: Record<string, unknown>;
}>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.array(fc.tuple(hostileKey, tie('value')), { maxLength: 5 }).map(ownObject),
})).value;

/** What a browser may send for a secret, and every shape close to it. */
export function secretInputs(flowIds: readonly string[]): fc.Arbitrary<unknown> {
  const flowId = fc.oneof(
    fc.constantFrom(...flowIds, 'A'.repeat(22), 'not a flow id', '_'.repeat(64)),
    marker.map((m) => `${m}0123456789ab`),
  );
  return fc.oneof(
    { weight: 4, arbitrary: plantedString },
    {
      weight: 4,
      arbitrary: fc.constantFrom<unknown>(
        { keep: true },
        { clear: true },
        { keep: false },
        {},
        { keep: 'true' },
        { keep: true, clear: true },
        [{ keep: true }],
        ownObject([['__proto__', { keep: true }]]),
        ownObject([
          ['keep', true],
          ['__proto__', { clear: true }],
        ]),
        ownObject([
          ['keep', true],
          ['constructor', { prototype: { polluted: true } }],
        ]),
      ),
    },
    { weight: 3, arbitrary: flowId.map((flow) => ({ flow })) },
    { weight: 1, arbitrary: fc.tuple(flowId, plantedString).map(([flow, extra]) => ({ flow, extra })) },
    { weight: 2, arbitrary: jsonValue },
  );
}

/** Field-specific values near the valid ones, so mutations reach the checks behind the type check. */
function valuesFor(field: string, flowIds: readonly string[]): fc.Arbitrary<unknown> {
  const any = fc.oneof({ weight: 3, arbitrary: jsonValue }, { weight: 1, arbitrary: fc.constant(undefined) });
  const special = new Map<string, fc.Arbitrary<unknown>>(
    Object.entries({
      host: fc.constantFrom(
        'localhost',
        '127.0.0.1',
        '::1',
        '[::1]',
        'smtp.example.com:25',
        'smtp://smtp.example.com',
        '169.254.169.254',
        'fe80::1%eth0',
        'bücher.example',
        `${'a'.repeat(64)}.example`,
        'smtp.exаmple.com',
        '1::2::3',
      ),
      port: number,
      fromEmail: fc.oneof(
        marker.map((m) => `${m}@example.com`),
        marker.map((m) => `${m}@example.com\r\nBcc: victim@evil.test`),
        marker.map((m) => `Name <${m}@example.com>`),
        marker.map((m) => `${m}@exa mple.com`),
      ),
      clientId: fc.oneof(
        fc.constantFrom(
          '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
          '123456789012-abc123def456.apps.googleusercontent.com',
          '6F1C2A34-5B6D-4E7F-8A9B-0C1D2E3F4A5B',
        ),
        marker.map((m) => `6f1c2a34-${m}`),
        marker.map((m) => `1234-${m}.apps.googleusercontent.com`),
      ),
      tenantId: fc.oneof(
        fc.constantFrom(
          'common',
          'Organizations',
          'consumers',
          '72f988bf-86f1-41af-91ab-2d7cd011db47',
          'a.bc',
        ),
        marker.map((m) => `${m}.onmicrosoft.com`),
      ),
      clientSecretExpiresAt: fc.oneof(
        fc.constantFrom('2026-02-30', '2026-12-01', '2026-12-01T00:00:00Z', '99999-01-01'),
        marker,
      ),
      returnTo: fc.oneof(
        marker.map((m) => `https://app.example.test/admin?${m}`),
        // On the trusted origin, so only the characters themselves can make it unusable.
        fc
          .tuple(marker, hostilePiece, hostilePiece)
          .map(([m, a, b]) => `https://app.example.test/admin${a}?${m}${b}`),
        marker.map((m) => `https://evil.example/${m}`),
        marker.map((m) => `javascript:alert('${m}')`),
        marker.map((m) => `//evil.example/${m}`),
      ),
    }),
  );
  const secret = ['password', 'clientSecret', 'refreshToken'].includes(field);
  return fc.oneof(
    { weight: 3, arbitrary: secret ? secretInputs(flowIds) : (special.get(field) ?? plantedString) },
    { weight: 2, arbitrary: plantedString },
    { weight: 2, arbitrary: any },
  );
}

type Mutation = { key: string; value: unknown };

/** Sets or deletes (`undefined`) one key of a copy of `object`, keeping every key an own property. */
function mutate(object: Record<string, unknown>, { key, value }: Mutation): Record<string, unknown> {
  const entries = Object.entries(object).filter(([existing]) => existing !== key);
  return ownObject(value === undefined ? entries : [...entries, [key, value]]);
}

/** A mutation of one of `fields` (mostly) or of any hostile key, with a value fit to the field. */
function mutations(fields: readonly string[], flowIds: readonly string[]): fc.Arbitrary<Mutation> {
  const key =
    fields.length === 0
      ? hostileKey
      : fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...fields) }, { weight: 1, arbitrary: hostileKey });
  return key.chain((key) => valuesFor(key, flowIds).map((value) => ({ key, value })));
}

const DRAFT_FIELDS = [
  'authType',
  'provider',
  'host',
  'port',
  'security',
  'username',
  'password',
  'allowInvalidCertificate',
  'fromEmail',
  'fromName',
  'clientId',
  'clientSecret',
  'clientSecretExpiresAt',
  'tenantId',
  'refreshToken',
];

/** The drafts the widget really sends, each variant with new, kept and omitted secrets. */
const baseDrafts = fc.constantFrom<Record<string, unknown>>(
  basicDraft(),
  basicDraft({ password: { keep: true }, security: 'tls', port: 465 }),
  basicDraft({ username: undefined, password: undefined, security: 'none', port: 25 }),
  microsoftDraft(),
  microsoftDraft({ clientSecret: { keep: true }, refreshToken: { keep: true } }),
  googleDraft(),
  googleDraft({ refreshToken: { keep: true }, clientSecretExpiresAt: '2027-01-31' }),
);

/** Valid drafts with one (mostly) or a few fields mutated. */
export function mutatedDrafts(flowIds: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const change = mutations(DRAFT_FIELDS, flowIds);
  const changes = fc.oneof(
    { weight: 1, arbitrary: fc.constant([]) },
    { weight: 5, arbitrary: fc.tuple(change) },
    { weight: 2, arbitrary: fc.array(change, { minLength: 2, maxLength: 3 }) },
  );
  return fc
    .tuple(baseDrafts, changes)
    .map(([draft, list]) => list.reduce(mutate, ownObject(Object.entries(draft))));
}

/** Bodies of `PUT /settings` and `POST /test`: envelopes around mutated drafts, wrong shapes, anything. */
export function settingsBodies(
  flowIds: readonly string[],
  envelopeFields: readonly string[],
): fc.Arbitrary<unknown> {
  const envelope = fc
    .tuple(
      mutatedDrafts(flowIds),
      fc.oneof(
        { weight: 3, arbitrary: fc.constant([]) },
        {
          weight: 1,
          arbitrary: fc.array(mutations(envelopeFields, flowIds), { minLength: 1, maxLength: 2 }),
        },
      ),
    )
    .map(([settings, extras]) => extras.reduce(mutate, ownObject([['settings', settings]])));
  return fc.oneof(
    { weight: 12, arbitrary: envelope },
    { weight: 2, arbitrary: jsonValue.map((settings) => ownObject([['settings', settings]])) },
    { weight: 1, arbitrary: mutatedDrafts(flowIds) },
    { weight: 1, arbitrary: jsonValue },
  );
}

/** Bodies of `POST /oauth/:provider/start`: the form's OAuth fields mutated, wrong shapes, anything. */
export function startBodies(provider: 'microsoft' | 'google', flowIds: readonly string[]) {
  const draft = provider === 'microsoft' ? microsoftDraft() : googleDraft();
  const base = ownObject([
    ['clientId', draft.clientId],
    ['clientSecret', draft.clientSecret],
    ...(provider === 'microsoft' ? [['tenantId', 'contoso.onmicrosoft.com'] as const] : []),
  ]);
  const fields = ['clientId', 'clientSecret', 'tenantId', 'returnTo'];
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .array(mutations(fields, flowIds), { maxLength: 3 })
        .map((changes) => changes.reduce(mutate, base)),
    },
    { weight: 1, arbitrary: jsonValue },
  );
}

/**
 * Malformed or unusual JSON text made from a valid body: truncated, with a character inserted, with
 * duplicate keys, with numbers JSON.parse turns into Infinity or -0, deeply nested, or not JSON at all.
 */
export function rawTexts(bodies: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  const text = bodies.map((body) => JSON.stringify(body) ?? 'null');
  const nested = fc
    .tuple(
      fc.integer({ min: 1, max: 40_000 }),
      fc.constantFrom(['[', ']'], ['{"settings":', '}'], ['{"a":', '}']),
    )
    .map(([depth, [open, close]]) => `{"settings":${open.repeat(depth)}1${close.repeat(depth)}}`);
  return fc.oneof(
    text.chain((json) => fc.nat({ max: Math.max(0, json.length - 1) }).map((cut) => json.slice(0, cut))),
    fc
      .tuple(text, fc.nat(), fc.constantFrom('"', '{', '}', ',', ':', '\\', '\0', '\n', ']', 'x', '1'))
      .map(
        ([json, at, char]) =>
          json.slice(0, at % (json.length + 1)) + char + json.slice(at % (json.length + 1)),
      ),
    fc.tuple(text, text).map(([a, b]) => `{"settings":${a},"settings":${b}}`),
    text.chain((json) =>
      fc
        .constantFrom('1e400', '-1e400', '-0', '587.0', '5.87e2', '0587', '0x24B', 'NaN')
        .map((port) => json.replace(/"port":[^,}]*/, `"port":${port}`)),
    ),
    nested,
    text.map((json) => `\ufeff${json}`),
    text.map((json) => `${json}garbage`),
    fc.constantFrom('', ' ', 'null', '[]', '""', '0', 'true', '{}', '{"settings":null}', '\0', 'undefined'),
  );
}
