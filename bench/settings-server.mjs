/**
 * A server for bench/adapter.mjs, run as a child process so the load generator does not share its
 * event loop: `node bench/settings-server.mjs <same|plain|memory|sqlite|postgres>` sends `{ port }` on
 * IPC, then answers `'cpu'` with its `process.cpuUsage()` and exits on `'stop'`, having closed its store and
 * removed what the store created (a SQLite file's directory, a PostgreSQL `bench_*` schema).
 *
 * `memory`, `sqlite` and `postgres` mount the adapter on that store with one saved Basic record, as a
 * host would (`new Hono()` with its default router, `app.route()`, @hono/node-server). `same` is the
 * fair baseline: a bare Hono route on the same server answering the same response — the same JSON body,
 * byte for byte in length, with the same three headers the adapter sends (`X-Content-Type-Options`,
 * `Cache-Control`, `ETag`), set the usual way with `c.header()`. `plain` is the barest route: the same
 * body with no header of its own.
 */
import { randomBytes } from 'node:crypto';
import { serve } from '@hono/node-server';
import { createSmtpSettings } from '@smtp-settings/adapter';
import { Hono } from 'hono';
import { openStore } from './lib/stores.mjs';

const kind = process.argv[2];
const settings = {
  authType: 'basic',
  host: 'smtp.example.com',
  port: 587,
  security: 'starttls',
  username: 'mailer@example.com',
  password: 'bench-password',
  fromEmail: 'notifications@example.com',
  fromName: 'Bench App',
};

const app = new Hono();
let dispose = async () => undefined;
if (kind === 'same' || kind === 'plain') {
  // What the adapter answers for the record seeded below: the public view, then its metadata.
  const body = {
    settings: { ...settings, password: { set: true } },
    version: 1,
    updatedAt: new Date().toISOString(),
    updatedBy: 'admin',
    tokenHealth: null,
  };
  app.get('/api/smtp/settings', (c) => {
    if (kind === 'same') {
      c.header('X-Content-Type-Options', 'nosniff');
      c.header('Cache-Control', 'no-store');
      c.header('ETag', `"${body.version}"`);
    }
    return c.json(body);
  });
} else {
  const opened = openStore(kind);
  const { store } = opened;
  ({ dispose } = opened);
  const adapter = createSmtpSettings({
    store,
    secretKey: randomBytes(32).toString('base64'),
    publicUrl: 'http://127.0.0.1/api/smtp',
    authorize: () => true,
    requireTestBeforeSave: false,
  });
  app.route('/api/smtp', adapter);
  const saved = await app.request('/api/smtp/settings', {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ settings }),
  });
  if (saved.status !== 200) throw new Error(`seeding failed: ${saved.status}`);
}
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
  process.send({ port: info.port }),
);
process.on('message', (message) => {
  if (message === 'cpu') process.send({ cpu: process.cpuUsage() });
  // The store's files and schema go with the server, so runs leave no `bench_*` schema behind.
  else
    server.close(() =>
      dispose().then(
        () => process.exit(0),
        (error) => {
          console.error(error);
          process.exit(1);
        },
      ),
    );
});
