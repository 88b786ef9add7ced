/**
 * An Express host: the adapter mounted through `@hono/node-server`'s `getRequestListener`, before
 * `express.json()`, and a notification route that sends through the mailer.
 *
 * @module
 */
import { getRequestListener } from '@hono/node-server';
import { createMailer, createSmtpSettings, type SmtpConfig } from '@smtp-settings/adapter';
import express, { type Request } from 'express';
import type { Context } from 'hono';

/** What the example needs from its host: the adapter's configuration and its public URL. */
export interface ExampleOptions {
  /** From `createSmtpConfig(…)`, shared by the routes and the mailer. */
  config: SmtpConfig;
  /** Where the adapter is reachable from the browser, e.g. `https://app.example.com/api/smtp`. */
  publicUrl: string;
}

/** The Express request that `getRequestListener` hands the adapter's hooks as `c.env.incoming`. */
const requestOf = (c: Context) => (c.env as { incoming: Request }).incoming;

/**
 * Builds the Express app.
 *
 * @example
 * createExpressApp({ config: smtpConfig, publicUrl: 'https://app.example.com/api/smtp' }).listen(3000);
 */
export function createExpressApp({ config, publicUrl }: ExampleOptions) {
  const app = express();
  // A stand-in for your session middleware (express-session, passport): it sets req.user.
  app.use((req, _res, next) => {
    req.user = { isAdmin: req.get('X-Role') === 'admin', email: 'admin@example.test' };
    next();
  });
  // Before express.json(): the adapter reads the raw body itself (and refuses one a parser took).
  // Express strips the mount path from req.url, so the adapter itself, mounted at its root, answers here.
  const smtpSettings = createSmtpSettings({
    config,
    publicUrl,
    authorize: (c) => requestOf(c).user?.isAdmin === true,
    actor: (c) => requestOf(c).user?.email ?? 'admin',
  });
  app.use('/api/smtp', getRequestListener(smtpSettings.fetch));

  app.use(express.json());
  const mailer = createMailer({ config, tenant: 'default' });
  app.post('/notify', async (req, res) => {
    await mailer.send({ to: req.body.to, subject: 'Test case TC-42 was updated', text: 'Step 3 changed.' });
    res.status(202).json({ sent: true });
  });
  return app;
}

declare global {
  namespace Express {
    /** What the stand-in session middleware puts on the request. */
    interface User {
      isAdmin: boolean;
      email: string;
    }
    interface Request {
      user?: User;
    }
  }
}
