import { fileURLToPath } from 'node:url';
import { DEMO_BACKOFF, startDemo, VITE_DEV_ORIGIN } from './start-demo.js';

const port = Number(process.env.PORT ?? 8025);
const smtpPort = Number(process.env.DEMO_SMTP_PORT ?? 1025);
const oauth = process.env.DEMO_OAUTH === 'real' ? 'real' : 'local';
const dataDir = process.env.SMTP_SETTINGS_DEMO_DATA ?? fileURLToPath(new URL('../.data', import.meta.url));
const firstRetryMs = process.env.DEMO_RETRY_MS ? Number(process.env.DEMO_RETRY_MS) : undefined;
// A bad value is refused by the outbox at start, with the option's name.
const backoff =
  firstRetryMs === undefined
    ? DEMO_BACKOFF
    : { initialMs: firstRetryMs, maxMs: Math.max(firstRetryMs, DEMO_BACKOFF.maxMs) };

try {
  // The pages may also come from Vite's dev server, which passes their API calls on with its own origin.
  const trustedOrigins = [VITE_DEV_ORIGIN];
  const demo = await startDemo({ dataDir, port, smtpPort, oauth, backoff, trustedOrigins });
  const { smtp } = demo;
  console.log(`smtp-settings demo: ${demo.url}/  (data in ${dataDir})`);
  console.log(`  React page: ${demo.url}/react.html   Vue page: ${demo.url}/vue.html`);
  console.log(
    `  Development mail server: ${smtp.host}:${smtp.port} with STARTTLS, user "${smtp.user}", password "${smtp.password}"`,
  );
  if (oauth === 'local') {
    console.log(
      '  OAuth: local Microsoft and Google stand-ins (offline); DEMO_OAUTH=real uses the real ones',
    );
    if (demo.graph)
      console.log(`  Microsoft Graph: a local stand-in at ${demo.graph.url}, delivering to the inbox`);
  } else {
    console.log(
      '  OAuth: the real Microsoft and Google endpoints (DEMO_OAUTH=real). Register these redirect URIs:',
    );
    for (const provider of ['microsoft', 'google'])
      console.log(`    ${provider}: ${demo.url}/api/smtp/oauth/${provider}/callback`);
  }
  console.log('Press Ctrl-C to stop.');

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // `on`, not `once`: a terminal's Ctrl-C and `npm start` forwarding it arrive both, and a second
    // default-handled signal would kill the process before the servers close.
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log('Stopping…');
      void demo.close().then(() => process.exit(0));
    });
  }
} catch (error) {
  const { code, message } = error as NodeJS.ErrnoException & { port?: number };
  console.error(
    code === 'EADDRINUSE'
      ? `A port is in use (${message}): stop the other program, or set PORT / DEMO_SMTP_PORT to free ports.`
      : `The demo could not start: ${message}`,
  );
  process.exit(1);
}
