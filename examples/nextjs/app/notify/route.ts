/**
 * `POST /notify`: the app sends a notification through the mailer, with what the admin saved.
 *
 * @module
 */
import { mailer } from '../../lib/smtp.js';

/** nodemailer needs Node, not the Edge runtime. */
export const runtime = 'nodejs';

/** Sends "Test case TC-42 was updated" to `{ to }`. */
export async function POST(request: Request): Promise<Response> {
  const { to } = (await request.json()) as { to: string };
  await mailer().send({ to, subject: 'Test case TC-42 was updated', text: 'Step 3 changed.' });
  return Response.json({ sent: true }, { status: 202 });
}
