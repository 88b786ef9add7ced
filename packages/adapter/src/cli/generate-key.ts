import { generateSecretKey } from '../crypto/secret-key.js';
import type { Command } from './command.js';
import { EXIT } from './exit-codes.js';

const USAGE = `Usage: smtp-settings generate-key

Prints a new secret key: 32 random bytes in base64, the format secretKey takes. Nothing else is
printed, so it can go straight into a secret store, e.g.
  smtp-settings generate-key > smtp-settings.key

To rotate keys, put the new key first in the host's key list (SMTP_SETTINGS_KEY="new,old"), restart
every instance, then run smtp-settings rotate-keys.`;

/** `smtp-settings generate-key`: prints a new secret key. */
export const generateKey: Command = {
  name: 'generate-key',
  summary: 'print a new secret key (32 random bytes, base64)',
  usage: USAGE,
  options: {},
  async run(_values, io) {
    io.out(generateSecretKey());
    return EXIT.ok;
  },
};
