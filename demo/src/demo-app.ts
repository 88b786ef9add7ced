import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSmtpSettings, type SettingsStore, sqliteStore } from '@smtp-settings/adapter';
import { Hono } from 'hono';
import { loadOrCreateSecretKey } from './secret-key-file.js';

/** Options of {@link createDemoApp}. */
export interface DemoOptions {
  /** Folder for the SQLite file and the generated secret key. */
  dataDir: string;
  /** The URL the demo is reachable at, e.g. `http://127.0.0.1:8025`. */
  origin: string;
  /** The local mail server the page offers to test against. */
  devSmtp: { host: string; port: number; user: string; password: string };
}

/** The host app the demo runs: a page and the adapter mounted at `/api/smtp`, as a real host would. */
export function createDemoApp({ dataDir, origin, devSmtp }: DemoOptions): {
  app: Hono;
  store: SettingsStore;
} {
  mkdirSync(dataDir, { recursive: true });
  const store = sqliteStore({ filename: join(dataDir, 'settings.db') });
  const page = readFileSync(new URL('../public/index.html', import.meta.url), 'utf8');
  const app = new Hono();
  app.route(
    '/api/smtp',
    createSmtpSettings({
      store,
      secretKey: loadOrCreateSecretKey(join(dataDir, 'secret.key')),
      publicUrl: `${origin}/api/smtp`,
      // The demo listens on loopback only, so whoever reaches it is the machine's own admin.
      authorize: () => true,
      actor: () => 'demo-admin',
    }),
  );
  app.get('/', (c) => c.html(page));
  app.get('/demo/dev-smtp', (c) => c.json(devSmtp));
  return { app, store };
}
