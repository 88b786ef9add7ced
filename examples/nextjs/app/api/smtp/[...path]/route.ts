/**
 * The adapter as App Router route handlers: every path under `/api/smtp/` and every method it answers go
 * to one Hono app that routes it under that base path.
 *
 * @module
 */
import { createSmtpSettings } from '@smtp-settings/adapter';
import { Hono } from 'hono';
import { isAdmin, smtpConfig } from '../../../../lib/smtp.js';

/** nodemailer and the SQLite store need Node, not the Edge runtime. */
export const runtime = 'nodejs';
/** Every answer depends on the request and the store: never prerendered or cached. */
export const dynamic = 'force-dynamic';

let app: Hono | undefined;

/** The adapter under `/api/smtp`, made on the first request (`next build` loads this module too). */
function smtpApp(): Hono {
  app ??= new Hono().basePath('/api/smtp').route(
    '/',
    createSmtpSettings({
      config: smtpConfig(),
      publicUrl: process.env.SMTP_SETTINGS_PUBLIC_URL ?? 'http://localhost:3000/api/smtp',
      authorize: (c) => isAdmin(c.req.raw),
    }),
  );
  return app;
}

/** Next.js passes its route context as a second argument, which the adapter does not take as its env. */
const handle = (request: Request): Promise<Response> => Promise.resolve(smtpApp().fetch(request));

/** `GET /api/smtp/…`: settings, audit, meta, OAuth callbacks, the delivery log. */
export const GET = handle;
/** `POST /api/smtp/…`: Test, OAuth sign-ins, a delivery's Resend and Discard. */
export const POST = handle;
/** `PUT /api/smtp/settings`: Save. */
export const PUT = handle;
/** `DELETE /api/smtp/…`: no route takes it, but the adapter's JSON 405 (with `Allow`) beats Next.js's empty one. */
export const DELETE = handle;
