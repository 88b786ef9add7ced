import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAdaptorServer } from '@hono/node-server';
import {
  type BackoffOptions,
  createOutbox,
  createSmtpConfig,
  type Logger,
  type SmtpSettingsOptions,
  sqliteStore,
} from '@smtp-settings/adapter';
import type { Hono } from 'hono';
import { ADAPTER_MOUNT, createDemoApp, DEMO_TENANT } from './demo-app.js';
import { demoLogger } from './demo-logger.js';
import { loadOrCreateCertificate } from './dev-smtp/certificate.js';
import { devServerPresets } from './dev-smtp/dev-server-presets.js';
import { DEV_SMTP_LOGIN, startDevSmtpServer } from './dev-smtp/dev-smtp-server.js';
import { createInbox } from './inbox/inbox.js';
import { type LocalGraph, startLocalGraph } from './local-graph/local-graph.js';
import {
  LOCAL_ACCOUNTS,
  LOCAL_CLIENTS,
  type LocalProviders,
  startLocalProviders,
} from './local-oauth/local-providers.js';
import type { DemoInfo } from './routes/info.js';
import { loadOrCreateSecretKey } from './secret-key-file.js';

/** Options of {@link startDemo}. */
export interface StartDemoOptions {
  /** Folder for the SQLite file, the generated secret key and the dev mail server's certificate. */
  dataDir: string;
  /** HTTP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Dev mail server port on 127.0.0.1; 0 picks a free one. */
  smtpPort: number;
  /** `local`: built-in Microsoft and Google stand-ins, offline; `real`: the real providers' endpoints. */
  oauth: 'local' | 'real';
  /** The Vite build to serve; defaults to `demo/dist/web`. */
  webDir?: string;
  /** Where the adapter and the outbox report; defaults to the terminal, a security event a line. */
  logger?: Logger;
  /**
   * The outbox's waits between attempts after a failure that may pass; defaults to {@link DEMO_BACKOFF},
   * seconds rather than the library's 30 s, so a notification's retries show while someone watches.
   */
  backoff?: BackoffOptions;
  /**
   * Origins besides the demo's own whose pages may change settings, such as {@link VITE_DEV_ORIGIN}
   * for the pages served by Vite's dev server (`npm run dev -w @smtp-settings/demo`); none by default.
   */
  trustedOrigins?: readonly string[];
}

/** Where `npm run dev -w @smtp-settings/demo` serves the pages from source, passing the API on to the demo. */
export const VITE_DEV_ORIGIN = 'http://localhost:5173';

/** A running demo. */
export interface RunningDemo {
  /** Where it is, without a trailing slash: `http://127.0.0.1:8025`, or `http://localhost:8025` with real OAuth. */
  url: string;
  /** The dev mail server and its demo login. */
  smtp: DemoInfo['smtp'];
  /**
   * The local Microsoft Graph (`url`), which delivers to the same inbox, and the local Microsoft's token
   * endpoint (`tokenUrl`) that issues the only tokens it takes; absent with real OAuth.
   */
  graph?: { url: string; tokenUrl: string };
  /** Stops every server it started and closes the store. */
  close(): Promise<void>;
}

/** The demo's retries: 5 s after the first failure, doubling up to a minute, ±20 %. */
export const DEMO_BACKOFF = { initialMs: 5_000, maxMs: 60_000 } as const satisfies BackoffOptions;

const HOST = '127.0.0.1';
// Inside the adapter's 30-day notice, so a Graph Test shows the expiry it read from the app registration.
const LOCAL_SECRET_LIFETIME_MS = 20 * 24 * 60 * 60 * 1000;
const DEFAULT_WEB_DIR = fileURLToPath(new URL('../dist/web', import.meta.url));

/**
 * Starts the whole demo in this process: the dev mail server, the local sign-in providers and the local
 * Microsoft Graph (unless `oauth` is `real`), and one HTTP server with the adapter, the demo's routes and
 * the built pages.
 *
 * @example
 * const demo = await startDemo({ dataDir: tempDir, port: 0, smtpPort: 0, oauth: 'local' });
 * await fetch(`${demo.url}/demo/info`);
 * await demo.close();
 */
export async function startDemo(options: StartDemoOptions): Promise<RunningDemo> {
  const cleanups: Array<() => unknown> = [];
  const close = async () => {
    // Last started, first stopped: the HTTP server goes before the store and mail servers it uses.
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    const secretKey = loadOrCreateSecretKey(join(options.dataDir, 'secret.key'));
    const certificate = await loadOrCreateCertificate(join(options.dataDir, 'tls'));
    const inbox = createInbox();

    let local: LocalProviders | undefined;
    let graph: LocalGraph | undefined;
    if (options.oauth === 'local') {
      local = await startLocalProviders();
      cleanups.push(() => local?.stop());
      graph = await startLocalGraph({
        microsoft: local.byName.microsoft,
        secretExpiresAt: new Date(Date.now() + LOCAL_SECRET_LIFETIME_MS),
        onMail: (mail) => inbox.add(mail),
      });
      cleanups.push(() => graph?.stop());
    }
    const devSmtp = await startDevSmtpServer({
      port: options.smtpPort,
      certificate,
      // Exchange takes no token for another resource: one the local Microsoft issued for Graph fails here too.
      acceptsAccessToken: (user, token) =>
        (local?.acceptsAccessToken(user, token) ?? false) &&
        !(graph && local?.byName.microsoft.issued(token, graph.url)),
      onMail: (mail) => inbox.add(mail),
    });
    cleanups.push(() => devSmtp.close());

    let app: Hono | undefined;
    const server = createAdaptorServer({
      fetch: (request, env) => (app ? app.fetch(request, env) : new Response('Starting…', { status: 503 })),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const shutdown = new AbortController();
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          shutdown.abort();
          server.close(() => resolve());
          // Idle keep-alive sockets would hold close() open until they time out.
          if ('closeAllConnections' in server) server.closeAllConnections();
        }),
    );
    const port = (server.address() as AddressInfo).port;
    // Microsoft accepts plain-http redirect URIs only on `localhost`, so the real providers need that name.
    const url = `http://${options.oauth === 'real' ? 'localhost' : HOST}:${port}`;

    const store = sqliteStore({ filename: join(options.dataDir, 'settings.db') });
    cleanups.push(() => store.close());
    const smtpEndpoint = { host: devSmtp.host, port: devSmtp.port, security: 'starttls' } as const;
    const providers = local && graph && local.adapterOptions(url, smtpEndpoint, graph.url);
    // One configuration for the routes and the outbox: the same store, keys, providers and trust (the
    // process's own, which real providers' servers need, plus the dev server's CA).
    const config = createSmtpConfig({
      store,
      secretKey,
      logger: options.logger ?? demoLogger,
      smtpTls: { ca: certificate.ca },
      ...(providers && { providers }),
    });
    const outbox = createOutbox({ config, backoff: options.backoff ?? DEMO_BACKOFF });
    await outbox.start();
    // Before the store closes: stop() waits for the sends in flight and records them.
    cleanups.push(() => outbox.stop());
    const adapter: SmtpSettingsOptions = {
      config,
      tenant: () => DEMO_TENANT,
      // A save wakes it, so held notifications go out at once.
      outbox,
      publicUrl: `${url}${ADAPTER_MOUNT}`,
      trustedOrigins: [url, ...(options.trustedOrigins ?? [])],
      // The demo listens on loopback only, so whoever reaches it is the machine's own admin.
      authorize: () => true,
      actor: () => 'demo-admin',
      // The admin clicks Test often while trying things out; the default 10 a minute gets in the way.
      testRateLimit: false,
      presets: devServerPresets(devSmtp),
    };

    const info: DemoInfo = {
      smtp: { host: devSmtp.host, port: devSmtp.port, security: 'starttls', ...DEV_SMTP_LOGIN },
      oauth:
        options.oauth === 'local'
          ? { mode: 'local', accounts: { ...LOCAL_ACCOUNTS }, clients: LOCAL_CLIENTS }
          : { mode: 'real', accounts: {} },
    };
    app = createDemoApp({
      adapter,
      outbox,
      devSmtp,
      inbox,
      info,
      ...(graph && { graph }),
      ...(local && {
        consent: {
          providers: local.byName,
          callbackUrl: (provider) => `${url}${ADAPTER_MOUNT}/oauth/${provider}/callback`,
        },
      }),
      webDir: options.webDir ?? DEFAULT_WEB_DIR,
      url,
      shutdown: shutdown.signal,
    });
    const tokenUrl = local?.byName.microsoft.tokenUrl;
    return { url, smtp: info.smtp, ...(graph && tokenUrl && { graph: { url: graph.url, tokenUrl } }), close };
  } catch (error) {
    await close();
    throw error;
  }
}
