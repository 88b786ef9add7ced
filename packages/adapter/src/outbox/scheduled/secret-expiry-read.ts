import { sendingMethodOf, signInOf } from '@smtp-settings/schema';
import type { SmtpConfig } from '../../config/smtp-config.js';
import { readSecretExpiry } from '../../graph/graph-calls.js';
import { isGraphConnection } from '../../graph/graph-connection.js';
import type { Logger } from '../../logger.js';
import { tenantAccessTokens } from '../../mailer/tenant-access-tokens.js';
import { openSettings } from '../../settings/record-secrets.js';
import type { SealedRecord } from '../../settings/sealed-record.js';
import { settingsConnection } from '../../settings/settings-connection.js';
import { nameOf } from '../attempt-recorder.js';

/**
 * Whether the health check reads the client secret's end date of stored settings from the app
 * registration: Microsoft settings with Application sign-in that send through Graph, whose `.default`
 * token carries the application permissions that may allow reading it.
 */
export function readsSecretExpiry(record: SealedRecord): boolean {
  const { settings } = record;
  return (
    settings.authType === 'oauth' &&
    sendingMethodOf(settings) === 'graph' &&
    signInOf(settings) === 'application'
  );
}

/**
 * Reads the client secret's end date of a stored record from its app registration through Graph, with an
 * access token from the tenant's shared ones (so a token the mailers minted is used, not a new one), each
 * step within the provider's and Graph's timeouts. Answers the date as ISO 8601, or `undefined` when it
 * cannot be told (403, not listed, Graph or the token endpoint failed): the date is a courtesy, so a
 * failure is logged by name at `info` and changes nothing.
 *
 * @example
 * const read = await readStoredSecretExpiry(config, logger, 'acme', record); // '2027-01-31T00:00:00.000Z'
 */
export async function readStoredSecretExpiry(
  config: SmtpConfig,
  logger: Logger,
  tenant: string,
  record: SealedRecord,
): Promise<string | undefined> {
  const { secrets, providers } = config;
  try {
    const settings = openSettings(record, secrets, tenant);
    if (settings.authType !== 'oauth') return undefined;
    // Application sign-in has no refresh token, so a mint rotates nothing there is to save.
    const tokens = tenantAccessTokens(config, undefined);
    const connection = settingsConnection(settings, {
      providers,
      accessToken: () =>
        tokens.get({ tenant, version: record.version }, () =>
          providers[settings.provider].mintAccessToken(settings),
        ),
    });
    if (!isGraphConnection(connection)) return undefined;
    const { accessToken } = await connection.accessToken();
    return (await readSecretExpiry({ connection, accessToken }))?.toISOString();
  } catch (error) {
    logger.info?.('smtp-settings: the client secret expiry could not be read; it is read again next period', {
      tenant,
      error: nameOf(error),
    });
    return undefined;
  }
}
