import { createSmtpSettings, type Outbox, type SmtpSettingsOptions } from '@smtp-settings/adapter';
import { Hono } from 'hono';
import type { DevSmtpServer } from './dev-smtp/dev-smtp-server.js';
import { outageRoutes } from './dev-smtp/outage-routes.js';
import { passwordRoutes } from './dev-smtp/password-routes.js';
import type { Inbox } from './inbox/inbox.js';
import { inboxRoutes } from './inbox/inbox-routes.js';
import { graphFailureRoutes } from './local-graph/graph-failure-routes.js';
import type { LocalGraph } from './local-graph/local-graph.js';
import { type ConsentRoutesOptions, consentRoutes } from './local-oauth/consent-routes.js';
import { type DemoInfo, infoRoutes } from './routes/info.js';
import { notifyRoutes } from './routes/notify.js';
import { staticFiles } from './routes/static-files.js';

/** Where the adapter is mounted, as a host app would do it. */
export const ADAPTER_MOUNT = '/api/smtp';

/** The one organization of the demo: whose settings the adapter keeps and whose notifications the outbox sends. */
export const DEMO_TENANT = 'default';

/** Everything the demo's routes serve from, made by `startDemo`. */
export interface DemoAppParts {
  /** The adapter's options: store, secret key, providers and `smtpTls`, shared with the outbox. */
  adapter: SmtpSettingsOptions;
  /** The host app's outbox over the same configuration, started. */
  outbox: Outbox;
  /** The dev mail server, for its outage switch and password change. */
  devSmtp: DevSmtpServer;
  /** The captured mail, from the dev mail server and the local Graph. */
  inbox: Inbox;
  /** The local Microsoft Graph, for its failure switch, in local OAuth mode only. */
  graph?: Pick<LocalGraph, 'failure' | 'setFailure'>;
  /** What `/demo/info` answers, with the dev mail server's login as it was at the start. */
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
 * inbox, the mail server's outage switch and password change, the local Graph's failure switch, notify)
 * and the built pages at `/`.
 *
 * @example
 * const app = createDemoApp(parts);
 * createAdaptorServer({ fetch: app.fetch }).listen(8025, '127.0.0.1');
 */
export function createDemoApp(parts: DemoAppParts): Hono {
  const app = new Hono();
  app.route(ADAPTER_MOUNT, createSmtpSettings(parts.adapter));
  app.route(
    '/demo/info',
    infoRoutes(() => ({ ...parts.info, smtp: { ...parts.info.smtp, ...parts.devSmtp.login() } })),
  );
  app.route('/demo/inbox', inboxRoutes(parts.inbox, parts.shutdown));
  app.route('/demo/smtp/outage', outageRoutes(parts.devSmtp));
  app.route('/demo/smtp/password', passwordRoutes(parts.devSmtp));
  if (parts.graph) app.route('/demo/graph/failure', graphFailureRoutes(parts.graph));
  app.route(
    '/demo/notify',
    notifyRoutes({
      outbox: parts.outbox,
      tenant: DEMO_TENANT,
      defaultTo: 'admin@demo.example',
      recordUrl: `${parts.url}/?record=TC-42`,
    }),
  );
  if (parts.consent) app.route('/', consentRoutes(parts.consent));
  app.route('/', staticFiles(parts.webDir));
  return app;
}
