import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createDemoApp } from './demo-app.js';
import { startDevSmtpServer } from './dev-smtp-server.js';

const host = '127.0.0.1';
const port = Number(process.env.PORT ?? 8025);
const dataDir = process.env.SMTP_SETTINGS_DEMO_DATA ?? fileURLToPath(new URL('../.data', import.meta.url));

const smtp = await startDevSmtpServer({
  port: Number(process.env.DEMO_SMTP_PORT ?? 1025),
  user: 'demo',
  password: 'demo-password',
});
const devSmtp = { host: smtp.host, port: smtp.port, user: smtp.user, password: smtp.password };
const { app, store } = createDemoApp({ dataDir, origin: `http://${host}:${port}`, devSmtp });
const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
  console.log(`smtp-settings demo: http://${host}:${info.port}/  (data in ${dataDir})`);
  console.log(
    `Development mail server: ${smtp.host}:${smtp.port}, user "${smtp.user}", password "${smtp.password}"`,
  );
});

server.on('error', (error: NodeJS.ErrnoException) => {
  console.error(
    error.code === 'EADDRINUSE'
      ? `Port ${port} is in use: stop the other program or run with PORT=<another port> npm start`
      : `The demo server could not start: ${error.message}`,
  );
  process.exit(1);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void Promise.all([store.close(), smtp.close()]).then(() => process.exit(0));
  });
}
