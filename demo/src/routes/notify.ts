import { type Mailer, MailerNotConfiguredError, SmtpFailure } from '@smtp-settings/adapter';
import { Hono } from 'hono';
import * as v from 'valibot';
import { testCaseUpdated } from './notification.js';

const NotifyBodySchema = v.object({ to: v.optional(v.pipe(v.string(), v.trim(), v.email())) });

/** Options of {@link notifyRoutes}. */
export interface NotifyRoutesOptions {
  /** The mailer a host app would use, over the same store and key as the settings routes. */
  mailer: Mailer;
  /** Where the notification goes when the request names nobody. */
  defaultTo: string;
  /** The link back to the record the notification is about. */
  recordUrl: string;
}

/**
 * "Send a notification": `POST /` sends "Test case TC-42 was updated" through the mailer exactly as a
 * host app would, and answers `{ messageId, to }`; 409 while nothing is saved, 502 with the
 * classified SMTP failure when sending fails.
 *
 * @example
 * app.route('/demo/notify', notifyRoutes({ mailer, defaultTo: 'admin@demo.example', recordUrl }));
 */
export function notifyRoutes({ mailer, defaultTo, recordUrl }: NotifyRoutesOptions) {
  return new Hono().post('/', async (c) => {
    c.header('Cache-Control', 'no-store');
    const body = v.safeParse(NotifyBodySchema, await c.req.json().catch(() => ({})));
    if (!body.success) {
      return c.json(
        {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'Send { "to": "<email address>" } or an empty object',
          },
        },
        400,
      );
    }
    const to = body.output.to ?? defaultTo;
    try {
      const sent = await mailer.send(testCaseUpdated(to, recordUrl));
      return c.json({ messageId: sent.messageId, to });
    } catch (error) {
      if (error instanceof MailerNotConfiguredError) {
        return c.json(
          { error: { code: error.code, message: 'Save SMTP settings first, then send a notification.' } },
          409,
        );
      }
      if (error instanceof SmtpFailure) {
        return c.json({ error: { code: error.code, message: error.message, hint: error.hint } }, 502);
      }
      throw error;
    }
  });
}
