import { secretLapseAlert } from '../../alerts/alert-event.js';
import type { AlertSender } from '../../alerts/alert-sender.js';
import type { SmtpConfig } from '../../config/smtp-config.js';
import type { Logger } from '../../logger.js';
import type { SealedRecord } from '../../settings/sealed-record.js';
import { lapsingSecret } from '../../settings/secret-expiry.js';
import { hasSecretExpiryNotes } from '../../settings/secret-expiry-notes.js';
import { readStoredSecretExpiry, readsSecretExpiry } from './secret-expiry-read.js';

/** What {@link createSecretExpiryCheck} works with. */
export interface SecretExpiryCheckOptions {
  /** The shared configuration: the store that keeps the notes, keys, providers and clock. */
  config: SmtpConfig;
  /** Where a warning is logged, by tenant and date, never a secret. */
  logger: Logger;
  /** The webhook's sender, when `alerts` are configured. */
  alerts?: AlertSender | undefined;
}

/**
 * Creates the health check's look at a tenant's client secret: for Application sign-in through Graph it
 * reads the secret's end date from the app registration and, when it differs from the one kept, keeps it
 * in the stored settings without a new version (`SecretExpiryNotes`), where token health finds it; then,
 * when the nearer of the entered and the read date is 30 days off or has passed, the first instance to
 * mark that date logs it and sends the `oauth.secret-lapsing` alert, once per date. A store without the
 * notes keeps nothing and alerts nothing.
 *
 * @example
 * const checkSecret = createSecretExpiryCheck({ config, logger, alerts });
 * await checkSecret('acme', record);
 */
export function createSecretExpiryCheck({ config, logger, alerts }: SecretExpiryCheckOptions) {
  const { store, clock } = config;
  return async (tenant: string, record: SealedRecord): Promise<void> => {
    if (record.settings.authType !== 'oauth' || !hasSecretExpiryNotes(store)) return;
    let { settings } = record;
    if (readsSecretExpiry(record)) {
      const read = await readStoredSecretExpiry(config, logger, tenant, record);
      if (read !== undefined) {
        if (read !== settings.clientSecretReadExpiresAt) {
          const note = { field: 'clientSecretReadExpiresAt', value: read } as const;
          await store.noteSecretExpiry(tenant, note, record.version);
        }
        // Judged by what was read, whoever kept it: a save meanwhile fails the mark below anyway.
        settings = { ...settings, clientSecretReadExpiresAt: read };
      }
    }
    const now = clock();
    const lapse = lapsingSecret(settings, now);
    if (!lapse || lapse.expiresAt === settings.clientSecretLapseWarnedFor) return;
    const mark = { field: 'clientSecretLapseWarnedFor', value: lapse.expiresAt } as const;
    if (!(await store.noteSecretExpiry(tenant, mark, record.version))) return;
    logger.warn('smtp-settings: the OAuth client secret of a tenant expires soon', { tenant, ...lapse });
    alerts?.send(secretLapseAlert(tenant, lapse, now));
  };
}
