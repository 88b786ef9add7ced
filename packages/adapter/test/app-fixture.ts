import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { createSmtpSettings } from '../src/create-smtp-settings.js';
import type { Logger, SmtpSettingsOptions } from '../src/options.js';
import { memoryStore } from '../src/stores/memory-store.js';
import { postgresStore } from '../src/stores/postgres-store.js';
import { sqliteStore } from '../src/stores/sqlite-store.js';
import type { SettingsStore } from '../src/stores/store.js';
import { dropTestSchema, TEST_DATABASE_URL, testSchemaName } from './postgres-fixture.js';

/** Where the adapter is mounted in tests, as a host app would do it. */
export const MOUNT = '/api/smtp';
/** The public URL matching {@link MOUNT}. */
export const PUBLIC_URL = 'https://app.example.test/api/smtp';
/** The origin a same-origin browser request carries. */
export const ORIGIN = 'https://app.example.test';

/** Secret values the tests send; none of them may ever come back in a response or a log line. */
export const SECRETS = {
  password: 'pa55-Word!never-echo',
  otherPassword: 'second-Pa55word-never-echo',
  clientSecret: 'client~Secret.never-echo-1234',
  refreshToken: '0.ARefresh-Token-never-echo.xyz',
} as const;

/** A fresh random 32-byte key in base64, as a host would generate it. */
export function newSecretKey(): string {
  return randomBytes(32).toString('base64');
}

/** A SQLite store on a file in a new temporary directory, removed by `cleanup` after closing the store. */
export function openTempSqliteStore() {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-settings-'));
  const filename = join(dir, 'settings.db');
  const store = sqliteStore({ filename });
  const cleanup = async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { store, filename, cleanup };
}

/** A PostgreSQL store on a throwaway schema of the test database, dropped by `cleanup` after closing the store. */
export function openTestSchemaStore(options: { notifications?: boolean } = {}) {
  const schema = testSchemaName();
  const store = postgresStore({ connectionString: TEST_DATABASE_URL, schema, ...options });
  const cleanup = async () => {
    await store.close();
    await dropTestSchema(schema);
  };
  return { store, schema, cleanup };
}

/** A store factory per kind, so one suite runs against each; PostgreSQL gets a throwaway schema. */
export const STORE_KINDS: ReadonlyArray<{
  kind: string;
  open: () => { store: SettingsStore; cleanup: () => Promise<void> };
}> = [
  {
    kind: 'memory',
    open: () => {
      const store = memoryStore();
      return { store, cleanup: () => store.close() };
    },
  },
  { kind: 'sqlite', open: openTempSqliteStore },
  { kind: 'postgres', open: () => openTestSchemaStore() },
];

/** Every response body and log line a test app produced, for the secret scan. */
export const transcript: string[] = [];

/** A logger that keeps its lines in {@link transcript} instead of printing them. */
export const capturingLogger: Logger = {
  error: (message, details) => transcript.push(`${message} ${JSON.stringify(details ?? {})}`),
  warn: (message, details) => transcript.push(`${message} ${JSON.stringify(details ?? {})}`),
  info: (message, details) => transcript.push(`${message} ${JSON.stringify(details ?? {})}`),
};

/** Request options of {@link TestApp.call}. */
export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
}

/** A host app with the adapter mounted, and a helper that calls it like a same-origin browser. */
export interface TestApp {
  host: Hono;
  call(
    method: string,
    path: string,
    options?: CallOptions,
  ): Promise<{ status: number; headers: Headers; body: any }>;
}

/** Mounts the adapter under {@link MOUNT} on a host app, with an admin caller unless told otherwise. */
export function createTestApp(overrides: Partial<SmtpSettingsOptions> & { store: SettingsStore }): TestApp {
  const host = new Hono();
  host.route(
    MOUNT,
    createSmtpSettings({
      secretKey: newSecretKey(),
      publicUrl: PUBLIC_URL,
      authorize: () => true,
      // Most suites exercise saving itself; the save-after-test rule has its own tests.
      requireTestBeforeSave: false,
      logger: capturingLogger,
      ...overrides,
    }),
  );
  return {
    host,
    async call(method, path, { body, headers = {} } = {}) {
      const init: RequestInit = { method, headers: { Origin: ORIGIN, ...headers } };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        (init.headers as Record<string, string>)['Content-Type'] ??= 'application/json';
      }
      const response = await host.request(`${MOUNT}${path}`, init);
      const text = await response.text();
      transcript.push(text);
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      return { status: response.status, headers: response.headers, body: parsed };
    },
  };
}

/** Every secret of {@link SECRETS} that occurs anywhere in the transcript. */
export function leakedSecrets(): string[] {
  return Object.values(SECRETS).filter((secret) => transcript.some((line) => line.includes(secret)));
}

/** Valid basic settings as the form sends them. */
export function basicDraft(overrides: Record<string, unknown> = {}) {
  return {
    authType: 'basic',
    host: 'smtp.example.com',
    port: 587,
    security: 'starttls',
    username: 'mailer@example.com',
    password: SECRETS.password,
    fromEmail: 'notifications@example.com',
    fromName: 'Example App',
    ...overrides,
  };
}

/** Valid Microsoft OAuth settings as the form sends them. */
export function microsoftDraft(overrides: Record<string, unknown> = {}) {
  return {
    authType: 'oauth',
    provider: 'microsoft',
    clientId: '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
    clientSecret: SECRETS.clientSecret,
    tenantId: 'contoso.onmicrosoft.com',
    refreshToken: SECRETS.refreshToken,
    fromEmail: 'notifications@contoso.com',
    fromName: 'Contoso',
    ...overrides,
  };
}

/** Valid Google OAuth settings as the form sends them. */
export function googleDraft(overrides: Record<string, unknown> = {}) {
  return {
    authType: 'oauth',
    provider: 'google',
    clientId: '123456789012-abc123def456.apps.googleusercontent.com',
    clientSecret: SECRETS.clientSecret,
    fromEmail: 'notifications@example.com',
    ...overrides,
  };
}
