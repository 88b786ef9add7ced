import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import type { DevSmtpServer } from './dev-smtp-server.js';

/**
 * The dev mail server's password change: `POST /` makes it accept a new password and refuse the one
 * before (the one saved, so the saved settings now fail to sign in), and answers the new `{ user, password }`.
 *
 * @example
 * app.route('/demo/smtp/password', passwordRoutes(devSmtp));
 */
export function passwordRoutes(server: Pick<DevSmtpServer, 'changePassword'>) {
  return (
    new Hono()
      // Another site's page must not change the mail server's password with a form post.
      .use(csrf())
      .post('/', (c) => {
        c.header('Cache-Control', 'no-store');
        return c.json(server.changePassword());
      })
  );
}
