/**
 * @module @smtp-settings/adapter
 * The Hono sub-app behind the `<smtp-settings>` element: a tenant's mail settings, encrypted at rest,
 * versioned, audited, and guarded by the host's own authorization.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { createSmtpSettings, sqliteStore } from '@smtp-settings/adapter';
 *
 * const app = new Hono();
 * app.route('/api/smtp', createSmtpSettings({
 *   store: sqliteStore({ filename: 'smtp-settings.db' }),
 *   secretKey: process.env.SMTP_SETTINGS_KEY!,
 *   publicUrl: 'https://app.example.com/api/smtp',
 *   authorize: (c) => c.get('user')?.isAdmin === true,
 * }));
 * ```
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { SmtpSettingsEnv } from './env.js';
import { ApiError } from './errors.js';
import { notice } from './failures/server-text.js';
import { bodyIntact } from './middleware/body-intact.js';
import { errorHandler } from './middleware/error-handler.js';
import { guard } from './middleware/guard.js';
import type { RouteMethods } from './middleware/method-not-allowed.js';
import { createOAuthFlows } from './oauth/oauth-flows.js';
import { redirectUriOf } from './oauth/redirect-uri.js';
import type { SmtpSettingsOptions } from './options.js';
import { createDeliveryLog } from './outbox/delivery-log.js';
import { isDeliveryStore } from './outbox/is-delivery-store.js';
import { resolveOptions } from './resolve-options.js';
import { auditRoutes } from './routes/audit.js';
import { deliveryRoutes } from './routes/deliveries.js';
import { metaRoutes } from './routes/meta.js';
import { oauthRoutes } from './routes/oauth.js';
import { settingsRoutes } from './routes/settings.js';
import { testRoutes } from './routes/test.js';
import { createSettingsService } from './settings/settings-service.js';

/** The methods each fixed path serves; any other method there answers 405 with `Allow`. */
const ROUTE_METHODS: RouteMethods = {
  '/settings': ['GET', 'PUT'],
  '/settings/audit': ['GET'],
  '/meta': ['GET'],
  '/test': ['POST'],
};

/** The methods of the delivery log's paths, which exist only on a store that keeps one. */
const DELIVERY_ROUTE_METHODS: RouteMethods = {
  '/deliveries': ['GET'],
  '/deliveries/summary': ['GET'],
  '/deliveries/:id': ['GET'],
  '/deliveries/:id/resend': ['POST'],
  '/deliveries/:id/discard': ['POST'],
};

/**
 * Creates the settings API as a Hono app to mount with `app.route(prefix, …)`, with the delivery log's
 * routes (`/deliveries`) when the store keeps one (`memoryStore`, `sqliteStore`, `postgresStore`).
 * Throws at startup when an option is missing or wrong (e.g. a short `secretKey`).
 *
 * @example
 * ```ts
 * app.route('/api/smtp', createSmtpSettings({ store: memoryStore(), secretKey, publicUrl, authorize }));
 * ```
 */
export function createSmtpSettings(options: SmtpSettingsOptions) {
  const resolved = resolveOptions(options);
  const { store } = resolved;
  const deliveries = isDeliveryStore(store)
    ? createDeliveryLog({ store, clock: resolved.clock, logger: resolved.logger, outbox: resolved.outbox })
    : undefined;

  const app = new Hono<SmtpSettingsEnv>();
  app.onError(errorHandler(resolved.logger));
  app.use(guard(resolved, deliveries ? { ...ROUTE_METHODS, ...DELIVERY_ROUTE_METHODS } : ROUTE_METHODS));
  const limitBody = bodyLimit({
    maxSize: resolved.maxBodyBytes,
    onError: () => {
      throw new ApiError(
        413,
        'PAYLOAD_TOO_LARGE',
        notice('error.largerThan', { bytes: resolved.maxBodyBytes }),
      );
    },
  });
  // Only requests that carry a body: merely asking @hono/node-server for a GET's body builds a full Request.
  app.on(['PUT', 'POST', 'PATCH', 'DELETE'], '*', bodyIntact, limitBody);
  const flows = createOAuthFlows({
    store: resolved.store,
    secrets: resolved.secrets,
    providers: resolved.providers,
    redirectUri: (provider) => redirectUriOf(resolved.publicUrl, provider),
    clock: resolved.clock,
  });
  const service = createSettingsService(resolved, flows);
  app.route('/settings/audit', auditRoutes(resolved));
  app.route('/settings', settingsRoutes(resolved, service));
  app.route('/meta', metaRoutes(resolved));
  app.route('/test', testRoutes(resolved, service));
  app.route('/oauth', oauthRoutes(resolved, flows));
  if (deliveries) app.route('/deliveries', deliveryRoutes(deliveries));
  // Mounted with app.route(), the host's notFound would answer unknown paths here with plain text.
  app.all('*', () => {
    throw new ApiError(404, 'NOT_FOUND', notice('error.notFound'));
  });
  return app;
}
