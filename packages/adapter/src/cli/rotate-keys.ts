import { resealMessages } from '../key-rotation/reseal-messages.js';
import { resealSettings } from '../key-rotation/reseal-settings.js';
import type { ResealCounts } from '../key-rotation/reseal-walk.js';
import type { Command } from './command.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { withConfig } from './open-config.js';
import { STORE_OPTIONS, STORE_USAGE } from './open-store.js';
import { DEFAULT_KEY_ENV, KEY_OPTIONS, KEY_USAGE } from './secret-keys.js';

const USAGE = `Usage: smtp-settings rotate-keys (--sqlite <file> | --postgres <url> [--schema <name>]) [--dry-run]

Seals every tenant's stored secrets (password, client secret, refresh token) and the kept content of
the outbox's messages again with the primary key, the first of ${DEFAULT_KEY_ENV}; any other key
listed opens what it sealed. Each record is written on its own, only while nothing else changed it,
so the command may be stopped at any point and run again: what is sealed with the primary key already
counts as current and is left alone. It prints how many it saw, re-sealed, found current and could not
open (sealed with a key that is not listed, or altered); it exits with 1 when any could not be opened.

Rotating a key:
  1. smtp-settings generate-key, and put the new key first: ${DEFAULT_KEY_ENV}="<new>,<old>".
  2. Restart every instance of the host with it, so that all of them can open what the new key seals.
  3. Run this command with the same ${DEFAULT_KEY_ENV}, until it reports 0 unreadable.
  4. Remove the old key from ${DEFAULT_KEY_ENV} and restart again. Sign-ins ("Get Refresh Token") in
     progress and Test receipts not yet used during the restart are lost; the admin starts them anew.

${STORE_USAGE}

${KEY_USAGE}

Options:
  --dry-run             count what would be re-sealed, and write nothing`;

const OPTIONS = { ...STORE_OPTIONS, ...KEY_OPTIONS, 'dry-run': { type: 'boolean' as const } };

const ACTOR_NOTE = 'key rotation';

/** `smtp-settings rotate-keys`: re-seals every stored secret and queued message with the primary key. */
export const rotateKeys: Command = {
  name: 'rotate-keys',
  summary: "re-seal every tenant's secrets and the outbox's messages with the primary (first) key",
  usage: USAGE,
  options: OPTIONS,
  async run(values, io) {
    const dryRun = values['dry-run'] === true;
    return withConfig(values, io, async ({ config, opened, actor, keyCount }) => {
      const { secrets, clock } = config;
      if (keyCount === 1) {
        io.err(
          'smtp-settings rotate-keys: only one key is configured, so whatever another key sealed counts as unreadable',
        );
      }
      const settings = await resealSettings({
        store: opened.store,
        secrets,
        clock,
        actor: `${actor}, ${ACTOR_NOTE}`,
        dryRun,
        onUnreadable: (tenant, error) =>
          io.err(`smtp-settings rotate-keys: tenant "${tenant}": ${error.message}`),
        onProgress: progress(io, 'tenants'),
      });
      io.out(summary('Settings', settings, 'tenants', dryRun));
      if (settings.seen === 0) {
        io.err('smtp-settings rotate-keys: the store holds no settings: is it the one the host uses?');
      }
      const messages = await resealMessages({
        store: opened.contents,
        secrets,
        dryRun,
        onUnreadable: ({ id, tenant }) =>
          io.err(
            `smtp-settings rotate-keys: message ${id} of tenant "${tenant}" cannot be decrypted with the configured keys`,
          ),
        onProgress: progress(io, 'messages'),
      });
      io.out(summary('Outbox', messages, 'messages', dryRun));
      return settings.unreadable + messages.unreadable > 0 ? EXIT.failed : EXIT.ok;
    });
  },
};

function summary(what: string, counts: ResealCounts, things: string, dryRun: boolean): string {
  const resealed = dryRun ? 'to re-seal' : 're-sealed';
  return `${what}: ${counts.seen} ${things} seen, ${counts.resealed} ${resealed}, ${counts.current} already current, ${counts.unreadable} unreadable`;
}

/** Reports every thousand values on standard error, so a long run shows it is moving. */
function progress(io: CliIo, things: string) {
  let reported = 0;
  return (counts: Readonly<ResealCounts>) => {
    if (counts.seen - reported < 1000) return;
    reported = counts.seen;
    io.err(`smtp-settings rotate-keys: ${counts.seen} ${things} so far, ${counts.resealed} re-sealed`);
  };
}
