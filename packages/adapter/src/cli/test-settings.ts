import { FromEmailSchema } from '@smtp-settings/schema';
import * as v from 'valibot';
import { loadSealedRecord } from '../settings/sealed-record.js';
import type { Command } from './command.js';
import { EXIT, usageError } from './exit-codes.js';
import { TLS_OPTIONS, TLS_USAGE, withConfig } from './open-config.js';
import { STORE_OPTIONS, STORE_USAGE } from './open-store.js';
import { createTestPrinter } from './print-test.js';
import { KEY_OPTIONS, KEY_USAGE } from './secret-keys.js';
import { SETTINGS_OPTIONS, SETTINGS_USAGE, settingsInput } from './settings-input.js';
import { cliSettingsService } from './settings-service.js';
import { TENANT_OPTIONS, TENANT_USAGE, tenantOf } from './tenant.js';

const USAGE = `Usage: smtp-settings test (--sqlite <file> | --postgres <url>) [--tenant <name>] [settings] [--send-to <address>]

Runs the staged connection Test of the browser's Test button (dns, connect, tls, ehlo, auth,
envelope, and send with --send-to; through Microsoft Graph token, mailbox, and send with --send-to)
against a tenant's saved settings, or against settings given here,
and prints each stage, the failure with the server's reply and a hint, and the warnings. The Test is
recorded in the tenant's audit trail. Exits with 0 when it passed, 1 when it failed, 2 for bad input,
3 when the store cannot be read or the saved secrets do not open with the keys.

It runs as a host with no options of its own would: the default host policy (loopback and private
networks allowed, link-local and cloud metadata addresses refused), the default timeouts, and OAuth
sign-in and Microsoft Graph at the public Microsoft and Google endpoints (a host's \`providers\`
overrides are not read).

${STORE_USAGE}

${KEY_USAGE}

${TENANT_USAGE}

${SETTINGS_USAGE}

Options:
  --send-to <address>   also send a real test message to this address (the send stage)
${TLS_USAGE}
  --json                print the Test's answer as POST /test gives it (without the receipt)`;

const OPTIONS = {
  ...STORE_OPTIONS,
  ...KEY_OPTIONS,
  ...TENANT_OPTIONS,
  ...SETTINGS_OPTIONS,
  ...TLS_OPTIONS,
  'send-to': { type: 'string' as const },
  json: { type: 'boolean' as const },
};

/** `smtp-settings test`: the browser's Test, from a shell. */
export const testSettings: Command = {
  name: 'test',
  summary: "run the staged connection Test on a tenant's saved settings or on given ones",
  usage: USAGE,
  options: OPTIONS,
  async run(values, io) {
    const tenant = tenantOf(values);
    const sendTo = values['send-to'] as string | undefined;
    if (sendTo !== undefined && !v.is(FromEmailSchema, sendTo)) {
      throw usageError('--send-to must be an email address');
    }
    const json = values.json === true;
    return withConfig(values, io, async ({ config, actor }) => {
      const { draft, saved } = await settingsInput(values, io, async () => {
        return (await loadSealedRecord(config.store, tenant))?.settings;
      });
      const service = cliSettingsService(config);
      const caller = { tenant, actor };
      const test = await service.prepareTest(caller, draft);
      if (!json) io.out(`Testing ${saved ? 'the saved' : 'the given'} settings of tenant "${tenant}":`);
      const printer = createTestPrinter(io.out);
      const result = await service.runTest(caller, test, {
        sendTo,
        ...(!json && { onStage: (stage) => printer.stage(stage) }),
      });
      if (json) {
        const { receipt: _receipt, receiptExpiresAt: _expires, ...answer } = result;
        io.out(JSON.stringify(answer, null, 2));
      } else {
        printer.result(result);
      }
      return result.ok ? EXIT.ok : EXIT.failed;
    });
  },
};
