import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  microsoftDraft,
  newSecretKey,
  openTempSqliteStore,
  openTestSchemaStore,
  STORE_KINDS,
} from '../test/app-fixture.js';
import { spawnTypeScript } from '../test/fresh-process.js';
import { type OAuthMock, startOAuthMock } from '../test/oauth-mock-fixture.js';
import { TEST_DATABASE_URL, withTestDatabase } from '../test/postgres-fixture.js';
import { type SmtpServerFixture, startSmtpServer, testCertificates } from '../test/smtp-server-fixture.js';
import { type StallingServer, startStallingServer } from '../test/stalling-server.js';
import type { SenderConfig } from '../test/token-sender.js';
import { createSmtpConfig } from './config/smtp-config.js';
import { createSecretBox } from './crypto/secret-box.js';
import { createMailer } from './mailer/create-mailer.js';
import { type ProvidersOptions, resolveProviders } from './providers/resolve-providers.js';
import { sealDraft } from './settings/record-secrets.js';
import type { AccessTokenStore, SettingsStore } from './stores/store.js';

const TENANT = 'default';
const SENDER = 'notifications@contoso.com';
const MESSAGE = { to: 'qa-lead@example.com', subject: 'TC-42 updated', text: 'Test case TC-42 changed.' };
// Short, so the test whose refresher dies waits out its lease (this plus 5 s) soon; long enough that its
// stalled refresh outlasts the second it watches the other process wait.
const TOKEN_TIMEOUT_MS = 4_000;

// Each process compiles the adapter as it starts, some seconds on a busy machine.
const PROCESS_TEST_TIMEOUT_MS = 60_000;

let mock: OAuthMock;
let server: SmtpServerFixture;

beforeAll(async () => {
  // Like Microsoft, every refresh answer carries a new refresh token, which the refresher saves.
  mock = await startOAuthMock({ rotateRefreshToken: true });
  // Accepts only the access token the identity provider issued last: a second refresh would show.
  server = await startSmtpServer({
    security: 'starttls',
    accessTokens: mock.acceptingLatest(SENDER),
  });
});
afterAll(async () => {
  await server.close();
  await mock.stop();
});

/** How many times the token endpoint was asked to refresh since the test began. */
let refreshesBefore = 0;
const refreshes = () => mock.requests.filter((r) => r.grantType === 'refresh_token').length - refreshesBefore;
beforeEach(() => {
  refreshesBefore = mock.requests.filter((r) => r.grantType === 'refresh_token').length;
});

/** Microsoft at the mock (or its token endpoint at `stalling`), sending to the test's SMTP server. */
function providers(stalling?: StallingServer): ProvidersOptions {
  const microsoft = mock.microsoftOptions();
  const metadata = JSON.parse(microsoft.authorityMetadata ?? '{}');
  if (stalling) metadata.token_endpoint = `${stalling.url}/token`;
  return {
    microsoft: {
      ...microsoft,
      authorityMetadata: JSON.stringify(metadata),
      smtp: { host: 'localhost', port: server.port, security: 'starttls' },
    },
    tokenTimeoutMs: TOKEN_TIMEOUT_MS,
  };
}

/** Saves Microsoft settings with `refreshToken` as the tenant's next version, sealed as `PUT /settings` does. */
async function saveSettings(store: SettingsStore, secretKey: string, refreshToken?: string) {
  const plain = microsoftDraft({ fromEmail: SENDER, ...(refreshToken && { refreshToken }) });
  const { settings, changedFields } = sealDraft(
    // The draft is valid Microsoft settings, as the form sends them.
    { plain: plain as never, kept: new Map(), replaced: new Set(['clientSecret', 'refreshToken']) },
    undefined,
    createSecretBox(secretKey),
    TENANT,
  );
  const current = await store.get(TENANT);
  const write = { settings, updatedAt: new Date().toISOString(), updatedBy: 'admin', changedFields };
  await store.put(TENANT, write, current?.version ?? 0);
}

/** A {@link SenderConfig} host process, started and waiting for `go`; killed after the test if still running. */
interface Sender {
  go(): void;
  /** Resolves with what it printed once it exited 0; rejects with its standard error otherwise. */
  done(): Promise<string>;
  kill(): void;
}

const running: Array<() => void> = [];
afterEach(() => {
  for (const kill of running.splice(0)) kill();
});

async function startSender(config: SenderConfig, secretKey: string): Promise<Sender> {
  const child = spawnTypeScript(new URL('../test/token-sender.ts', import.meta.url), {
    env: { TOKEN_SENDER: JSON.stringify(config), TOKEN_SENDER_SECRET_KEY: secretKey },
  });
  const kill = () => child.exitCode === null && child.kill('SIGKILL');
  running.push(kill);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('ready\n')) resolve();
    });
    exited.then(() => reject(new Error(`The sender exited before it was ready: ${stderr}`)));
  });
  return {
    go: () => child.stdin?.write('go\n'),
    async done() {
      const code = await exited;
      if (code !== 0) throw new Error(`The sender failed (${code}): ${stderr}`);
      return stdout;
    },
    kill,
  };
}

const PROCESS_STORES = [
  {
    kind: 'SQLite file',
    open() {
      const { store, filename, cleanup } = openTempSqliteStore();
      /** Every byte of the database's files, write-ahead log included. */
      const atRest = async () =>
        readdirSync(dirname(filename))
          .map((name) => readFileSync(join(dirname(filename), name), 'latin1'))
          .join('\n');
      return { store, cleanup, atRest, config: { kind: 'sqlite', filename } as const };
    },
  },
  {
    kind: 'PostgreSQL schema',
    open() {
      const { store, schema, cleanup } = openTestSchemaStore();
      /** Every row of the schema's settings and token tables, as text. */
      const atRest = () =>
        withTestDatabase(async (client) => {
          const { rows } = await client.query<{ row: string }>(
            `SELECT t::text AS row FROM ${client.escapeIdentifier(schema)}.smtp_access_tokens t
             UNION ALL SELECT s::text FROM ${client.escapeIdentifier(schema)}.smtp_settings s`,
          );
          return rows.map((row) => row.row).join('\n');
        });
      const config = { kind: 'postgres', connectionString: TEST_DATABASE_URL, schema } as const;
      return { store, cleanup, atRest, config };
    },
  },
];

describe.each(PROCESS_STORES)('an OAuth access token shared by processes on one $kind', ({ open }) => {
  let store: SettingsStore & AccessTokenStore;
  let cleanup: () => Promise<void>;
  let atRest: () => Promise<string>;
  let storeConfig: SenderConfig['store'];
  let secretKey: string;

  beforeEach(async () => {
    ({ store, cleanup, atRest, config: storeConfig } = open());
    secretKey = newSecretKey();
    await saveSettings(store, secretKey);
  });
  afterEach(async () => {
    await cleanup();
  });

  const senderConfig = (count: number, stalling?: StallingServer): SenderConfig => ({
    store: storeConfig,
    providers: providers(stalling),
    ca: testCertificates().ca,
    count,
  });

  it(
    'is refreshed once for two processes sending 5 messages each, and kept sealed',
    async () => {
      const before = server.messages.length;
      const senders = await Promise.all([1, 2].map(() => startSender(senderConfig(5), secretKey)));
      for (const sender of senders) sender.go();
      expect(await Promise.all(senders.map((sender) => sender.done()))).toEqual([
        'ready\nsent 5\n',
        'ready\nsent 5\n',
      ]);

      expect(server.messages.length - before).toBe(10);
      expect(refreshes()).toBe(1);
      const accessToken = mock.latestAccessToken() as string;
      const shared = await store.getAccessToken(TENANT);
      expect(shared).toMatchObject({ version: 1, sealed: expect.stringMatching(/^v1\./) });
      // Neither the access token nor the refresh token the refresher saved is anywhere in the database.
      const stored = await atRest();
      expect(stored).toContain(shared?.sealed);
      expect(stored).not.toContain(accessToken);
      expect(stored).not.toContain(mock.issued.at(-1)?.refreshToken);
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  it(
    'is refreshed by the other process once the lease of a refresher that died runs out',
    async () => {
      const stalling = await startStallingServer();
      try {
        // Both started first, so the holder's stalled refresh does not time out while the other starts.
        const [holder, other] = await Promise.all([
          startSender(senderConfig(1, stalling), secretKey),
          startSender(senderConfig(1), secretKey),
        ]);
        holder.go();
        await expect.poll(() => stalling.stalled, { timeout: 10_000 }).toBe(1);

        const before = server.messages.length;
        other.go();
        // The holder is alive and refreshing: the other waits for its token rather than asking too.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect(refreshes()).toBe(0);
        holder.kill();

        expect(await other.done()).toBe('ready\nsent 1\n');
        expect(refreshes()).toBe(1);
        expect(server.messages.length - before).toBe(1);
      } finally {
        await stalling.close();
      }
    },
    PROCESS_TEST_TIMEOUT_MS,
  );
});

describe.each(STORE_KINDS)('an OAuth access token shared through the $kind store', ({ open }) => {
  let store: SettingsStore;
  let cleanup: () => Promise<void>;
  let secretKey: string;
  const configOf = () =>
    createSmtpConfig({ store, secretKey, providers: providers(), smtpTls: { ca: testCertificates().ca } });

  beforeEach(async () => {
    ({ store, cleanup } = open());
    secretKey = newSecretKey();
    await saveSettings(store, secretKey);
  });
  afterEach(async () => {
    await cleanup();
  });

  /** Sends one message through a mailer made for it alone, as a host that makes one per request does. */
  async function sendWithNewMailer() {
    const mailer = createMailer({ config: configOf() });
    try {
      await mailer.send(MESSAGE);
    } finally {
      await mailer.close();
    }
  }

  it('is refreshed once for 5 sends through a new mailer each', async () => {
    const before = server.messages.length;
    for (let n = 0; n < 5; n++) await sendWithNewMailer();
    expect(server.messages.length - before).toBe(5);
    expect(refreshes()).toBe(1);
  });

  it('is refreshed once more when the server refuses the shared token, and not taken from the store again', async () => {
    const first = createMailer({ config: configOf() });
    try {
      await first.send(MESSAGE);
      // Another client of the same app registration gets a token: the server now refuses the shared one.
      const { microsoft } = resolveProviders(providers());
      await microsoft.mintAccessToken(microsoftDraft({ refreshToken: 'outside-Refresh-token' }) as never);
      expect(refreshes()).toBe(2);

      await sendWithNewMailer();
      expect(refreshes()).toBe(3);
      // The first mailer's token is refused too; it takes the one just shared.
      await first.send(MESSAGE);
      expect(refreshes()).toBe(3);
    } finally {
      await first.close();
    }
  });

  it('is refreshed again after a save, with the saved refresh token, and the new token serves every mailer', async () => {
    const first = createMailer({ config: configOf() });
    try {
      await first.send(MESSAGE);
      expect(refreshes()).toBe(1);

      await saveSettings(store, secretKey, 'second-Refresh-token');
      await sendWithNewMailer();
      expect(refreshes()).toBe(2);
      expect(mock.requests.at(-1)?.refreshToken).toBe('second-Refresh-token');
      // The first mailer takes the new version's token from the store instead of refreshing a third time.
      await first.send(MESSAGE);
      expect(refreshes()).toBe(2);
    } finally {
      await first.close();
    }
  });
});
