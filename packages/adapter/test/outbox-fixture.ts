/**
 * What the outbox tests share: a clock to jump hours with, settings saved sealed as `PUT /settings`
 * saves them, a logger that keeps its lines for the secret scan, and the Message-IDs a server received.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createSmtpConfig, type SmtpConfig, type SmtpConfigOptions } from '../src/config/smtp-config.js';
import { createSmtpSettings } from '../src/create-smtp-settings.js';
import type { Logger } from '../src/logger.js';
import type { Outbox } from '../src/outbox/create-outbox.js';
import type { DeliveryStore } from '../src/outbox/delivery-store.js';
import { createHolds, type Holds, type OutboxHealth } from '../src/outbox/holds.js';
import { memoryStore } from '../src/stores/memory-store.js';
import type { SettingsStore } from '../src/stores/store.js';
import { microsoftDraft } from './app-fixture.js';
import {
  decodedHeader,
  type SmtpServerFixture,
  type SmtpServerFixtureOptions,
  startSmtpServer,
} from './smtp-server-fixture.js';

/** The account the test servers take, and its password; neither may reach a log line. */
export const OUTBOX_USER = 'mailer@example.com';
/** The right password of {@link OUTBOX_USER}. */
export const OUTBOX_PASSWORD = 'outbox-Pa55word-never-logged';

/**
 * Starts a plain-text test server that takes {@link OUTBOX_USER} (unless `options` say otherwise) and
 * adds it to `started`, which the test file closes after each test.
 */
export async function startOutboxServer(
  started: SmtpServerFixture[],
  options: Partial<SmtpServerFixtureOptions> = {},
): Promise<SmtpServerFixture> {
  const server = await startSmtpServer({
    security: 'none',
    users: { [OUTBOX_USER]: OUTBOX_PASSWORD },
    allowInsecureAuth: true,
    ...options,
  });
  started.push(server);
  return server;
}

/** A clock that stands still until a test moves it. */
export interface TestClock {
  /** What `config.clock` reads. */
  clock: () => Date;
  /** Moves it on by `ms`. */
  advance(ms: number): void;
  /** The current time in epoch ms. */
  now(): number;
}

/** A clock standing at `start` (by default 2026-12-06 12:00 UTC). */
export function testClock(start = Date.parse('2026-12-06T12:00:00.000Z')): TestClock {
  let now = start;
  return {
    clock: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
    now: () => now,
  };
}

/** A logger that keeps every line, for the scan that no body or secret is logged. */
export function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (message: string, details?: Record<string, unknown>) =>
    lines.push(`${message} ${JSON.stringify(details ?? {})}`);
  return { lines, error: keep, warn: keep, info: keep };
}

/**
 * A configuration on a new memory store with a random key, a {@link testClock} and a
 * {@link capturingLogger}, with `options` (e.g. `alerts`) on top.
 */
export function memoryConfig(options: Partial<SmtpConfigOptions> = {}) {
  const store = memoryStore();
  const time = testClock();
  const logger = capturingLogger();
  const config = createSmtpConfig({
    store,
    secretKey: randomBytes(32).toString('base64'),
    logger,
    clock: time.clock,
    ...options,
  });
  return { store, time, logger, config };
}

/** Holds on `store` that keep every health change they report in `health`, and throw what a callback threw. */
export function recordingHolds(
  store: DeliveryStore & SettingsStore,
  clock: () => Date,
): { holds: Holds; health: OutboxHealth[] } {
  const health: OutboxHealth[] = [];
  const holds = createHolds({
    store,
    clock,
    onHealthChange: (change) => health.push(change),
    onCallbackError: (error) => {
      throw error;
    },
  });
  return { holds, health };
}

/**
 * The settings routes of `tenant` on `config`, letting every request in and saving without a Test, as
 * {@link saveThroughRoutes} needs; a save wakes `outbox` when given.
 */
export function settingsRoutes(config: SmtpConfig, tenant: string, outbox?: Outbox) {
  return createSmtpSettings({
    config,
    ...(outbox && { outbox }),
    publicUrl: 'https://app.example.test/api/smtp',
    authorize: () => true,
    requireTestBeforeSave: false,
    tenant: () => tenant,
  });
}

/**
 * Saves Basic settings for `server` as the next version of `tenant`, the password sealed with the
 * configuration's keys, as `PUT /settings` does.
 */
export async function saveSettings(
  config: SmtpConfig,
  tenant: string,
  server: Pick<SmtpServerFixture, 'host' | 'port'>,
  overrides: Record<string, unknown> = {},
): Promise<void> {
  const settings: Record<string, unknown> = {
    authType: 'basic',
    host: server.host,
    port: server.port,
    security: 'none',
    username: OUTBOX_USER,
    password: OUTBOX_PASSWORD,
    fromEmail: 'notifications@example.com',
    fromName: 'Example App',
    ...overrides,
  };
  settings.password = config.secrets.seal(String(settings.password), { tenant, field: 'password' });
  const store: SettingsStore = config.store;
  const current = await store.get(tenant);
  await store.put(
    tenant,
    {
      settings,
      updatedAt: config.clock().toISOString(),
      updatedBy: 'admin',
      changedFields: Object.keys(settings),
    },
    current?.version ?? 0,
  );
}

/**
 * Saves Microsoft OAuth settings for `tenant` (the app fixture's draft with `overrides`, e.g.
 * `sendingMethod: 'graph'`) as its next version, secrets sealed and signed in now, as `PUT /settings`
 * does after "Get Refresh Token", with `connection` fields (e.g. `refreshTokenExpiresAt`) on top.
 */
export async function saveMicrosoftSettings(
  config: SmtpConfig,
  tenant: string,
  connection: Record<string, string> = {},
  overrides: Record<string, unknown> = {},
): Promise<void> {
  const { clientSecret, refreshToken, ...settings } = microsoftDraft(overrides);
  const current = await config.store.get(tenant);
  const seal = (value: string, field: 'clientSecret' | 'refreshToken') =>
    config.secrets.seal(value, { tenant, field });
  await config.store.put(
    tenant,
    {
      settings: {
        ...settings,
        clientSecret: seal(clientSecret, 'clientSecret'),
        refreshToken: seal(refreshToken, 'refreshToken'),
        connection: { scopes: [], obtainedAt: config.clock().toISOString(), ...connection },
      },
      updatedAt: config.clock().toISOString(),
      updatedBy: 'admin',
      changedFields: ['refreshToken'],
    },
    current?.version ?? 0,
  );
}

/**
 * Saves Basic settings for `server` through `PUT /settings` of `api` (an adapter whose guard lets the
 * request in), as an admin's Save does: with `password`, and `If-Match` when a `version` is given.
 */
export function saveThroughRoutes(
  api: { request(path: string, init: RequestInit): Response | Promise<Response> },
  server: Pick<SmtpServerFixture, 'port'>,
  password = OUTBOX_PASSWORD,
  version?: number,
): Promise<Response> {
  return Promise.resolve(
    api.request('/settings', {
      method: 'PUT',
      headers: {
        'Content-Type': 'application/json',
        Origin: 'https://app.example.test',
        ...(version !== undefined && { 'If-Match': `"${version}"` }),
      },
      body: JSON.stringify({
        settings: {
          authType: 'basic',
          host: '127.0.0.1',
          port: server.port,
          security: 'none',
          username: OUTBOX_USER,
          password,
          fromEmail: 'notifications@example.com',
        },
      }),
    }),
  );
}

/** The Message-ID header of each message the server received, in order. */
export function receivedMessageIds(server: SmtpServerFixture): string[] {
  return server.messages.map(({ raw }) => decodedHeader(raw, 'Message-ID') ?? '');
}
