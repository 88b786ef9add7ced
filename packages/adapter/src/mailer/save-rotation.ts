import type { SmtpConfig } from '../config/smtp-config.js';
import { type RefreshTokenRotation, rotateRefreshToken } from '../settings/record-secrets.js';

/**
 * Saves a refresh token the provider rotated (see `rotateRefreshToken`) and never throws, since it runs
 * inside a mint other callers wait on: a version saved meanwhile drops it with a warning, a store that
 * fails is logged by the error's name.
 *
 * @example
 * await saveRotation(config, { tenant, version, refreshToken, at: clock(), actor: 'smtp-settings mailer' });
 */
export async function saveRotation(
  { store, secrets, logger }: Pick<SmtpConfig, 'store' | 'secrets' | 'logger'>,
  rotation: RefreshTokenRotation,
): Promise<void> {
  const { tenant, version } = rotation;
  try {
    if ((await rotateRefreshToken(store, secrets, rotation)) === null) {
      logger.warn(
        'smtp-settings: dropped a rotated refresh token because the settings were saved meanwhile',
        {
          tenant,
          version,
        },
      );
    }
  } catch (error) {
    logger.error('smtp-settings: could not save a rotated refresh token', {
      tenant,
      version,
      error: (error as Error)?.name,
    });
  }
}
