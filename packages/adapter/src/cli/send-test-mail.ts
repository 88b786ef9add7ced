import { FromEmailSchema } from '@smtp-settings/schema';
import * as v from 'valibot';
import { SmtpFailure } from '../failures/smtp-failure.js';
import { createMailer } from '../mailer/create-mailer.js';
import type { Command } from './command.js';
import { EXIT, usageError } from './exit-codes.js';
import { TLS_OPTIONS, TLS_USAGE, withConfig } from './open-config.js';
import { STORE_OPTIONS, STORE_USAGE } from './open-store.js';
import { failureLines } from './print-test.js';
import { KEY_OPTIONS, KEY_USAGE } from './secret-keys.js';
import { TENANT_OPTIONS, TENANT_USAGE, tenantOf } from './tenant.js';

const USAGE = `Usage: smtp-settings send --to <address> (--sqlite <file> | --postgres <url>) [--tenant <name>]

Sends a short test message to <address> through the tenant's saved settings with the mailer the host
uses (createMailer): the same connection, login, retries and delivery log as its own mail. Prints the
server's answer, or the failure with its code, the server's reply and a hint. Exits with 0 when the
server took the message, 1 when sending failed, 2 when nothing is saved for the tenant, 3 when the
store cannot be read or the saved secrets do not open with the keys. OAuth settings get their access
token from the public Microsoft and Google endpoints (a host's \`providers\` overrides are not read).

${STORE_USAGE}

${KEY_USAGE}

${TENANT_USAGE}

Options:
  --to <address>        where to send the test message (required)
${TLS_USAGE}`;

const OPTIONS = {
  ...STORE_OPTIONS,
  ...KEY_OPTIONS,
  ...TENANT_OPTIONS,
  ...TLS_OPTIONS,
  to: { type: 'string' as const },
};

/** `smtp-settings send`: a test message through a tenant's saved settings. */
export const sendTestMail: Command = {
  name: 'send',
  summary: "send a test message through a tenant's saved settings, as the host's mailer does",
  usage: USAGE,
  options: OPTIONS,
  async run(values, io) {
    const to = values.to;
    if (typeof to !== 'string') throw usageError('say where to send the test message with --to <address>');
    if (!v.is(FromEmailSchema, to)) throw usageError('--to must be an email address');
    const tenant = tenantOf(values);
    return withConfig(values, io, async ({ config, actor }) => {
      const mailer = createMailer({ config, tenant });
      try {
        const sent = await mailer.send({
          to,
          subject: 'SMTP settings test — sent from the command line',
          text: [
            'This is a test message from the SMTP settings of your application.',
            '',
            `It was sent with the saved settings of tenant "${tenant}" by ${actor},`,
            'through the same mailer that sends the application’s own mail.',
            '',
          ].join('\n'),
          // Keeps vacation responders and mailing lists from answering a machine.
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
        io.out(`Sent to ${to}: ${sent.response}`);
        io.out(`Message-ID: ${sent.messageId}`);
        return EXIT.ok;
      } catch (error) {
        if (!(error instanceof SmtpFailure)) throw error;
        for (const line of failureLines(`Sending failed at ${error.stage}`, error.toTestFailure()))
          io.out(line);
        return EXIT.failed;
      } finally {
        await mailer.close();
      }
    });
  },
};
