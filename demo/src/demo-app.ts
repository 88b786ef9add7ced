import { createSmtpSettings, type Mailer, type SmtpSettingsOptions } from '@smtp-settings/adapter';
import { Hono } from 'hono';
import type { DevSmtpServer } from './dev-smtp/dev-smtp-server.js';
import { outageRoutes } from './dev-smtp/outage-routes.js';
import type { Inbox } from './inbox/inbox.js';
import { inboxRoutes } from './inbox/inbox-routes.js';
import { type ConsentRoutesOptions, consentRoutes } from './local-oauth/consent-routes.js';
import { type DemoInfo, infoRoutes } from './routes/info.js';
import { notifyRoutes } from './routes/notify.js';
import { staticFiles } from './routes/static-files.js';

/** Where the adapter is mounted, as a host app would do it. */
export const ADAPTER_MOUNT = '/api/smtp';

/** Everything the demo's routes serve from, made by `startDemo`. */
export interface DemoAppParts {
  /** The adapter's options: store, secret key, providers and `smtpTls`, shared with the mailer. */
  adapter: SmtpSettingsOptions;
  /** The host app's mailer over the same store and key. */
  mailer: Mailer;
  /** The dev mail server, for its outage switch. */
  devSmtp: DevSmtpServer;
  /** The dev mail server's captured mail. */
  inbox: Inbox;
  /** What `/demo/info` answers. */
  info: DemoInfo;
  /** The consent page's providers and callback, in local OAuth mode only. */
  consent?: ConsentRoutesOptions;
  /** The folder of the Vite build. */
  webDir: string;
  /** The demo's own URL, without a trailing slash. */
  url: string;
  /** Aborted when the demo stops, ending open event streams. */
  shutdown: AbortSignal;
}

/**
 * The host app the demo runs: the adapter at `/api/smtp`, the demo's routes under `/demo` (info,
 * inbox, the mail server's outage switch, notify) and the built pages at `/`.
 *
 * @example
 * const app = createDemoApp(parts);
 * createAdaptorServer({ fetch: app.fetch }).listen(8025, '127.0.0.1');
 */
export function createDemoApp(parts: DemoAppParts): Hono {
  const app = new Hono();
  app.route(ADAPTER_MOUNT, createSmtpSettings(parts.adapter));
  app.route('/demo/info', infoRoutes(parts.info));
  app.route('/demo/inbox', inboxRoutes(parts.inbox, parts.shutdown));
  app.route('/demo/smtp/outage', outageRoutes(parts.devSmtp));
  app.route(
    '/demo/notify',
    notifyRoutes({
      mailer: parts.mailer,
      defaultTo: 'admin@demo.example',
      recordUrl: `${parts.url}/?record=TC-42`,
    }),
  );
  if (parts.consent) app.route('/', consentRoutes(parts.consent));
  app.route('/', staticFiles(parts.webDir));
  return app;
}
