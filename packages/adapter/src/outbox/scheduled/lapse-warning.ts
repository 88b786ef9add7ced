import type { DeliveryFailure } from '@smtp-settings/schema';
import { lapseAlert } from '../../alerts/alert-event.js';
import type { AlertSender } from '../../alerts/alert-sender.js';
import type { Logger } from '../../logger.js';
import type { SealedSettings } from '../../settings/sealed-record.js';
import { isAccessTokenStore } from '../../stores/store.js';
import { hasTokenLapseMarks } from '../token-lapse-marks.js';
import { tokenLapse } from './token-lapse.js';

/** What {@link createLapseWarning} works with. */
export interface LapseWarningOptions {
  /** The store: the shared access token's mint time, and the marks that make the warning once-only. */
  store: object;
  /** Current time. */
  clock: () => Date;
  /** Where the warning is logged, by tenant and dates, never a token. */
  logger: Logger;
  /** The webhook's sender, when `alerts` are configured. */
  alerts: AlertSender | undefined;
}

/**
 * Creates the warning of a refresh token that may lapse (see `tokenLapse`), given the outcome of the
 * keep-alive's use of it: `failure` when it could not be used for a reason that may pass. The first
 * instance to see a lapse marks it in the store, logs it and sends the `oauth.token-lapsing` alert; the
 * others, and later runs, stay quiet until a new lapse (a new date) comes near. A store without marks
 * warns on every run.
 *
 * @example
 * const warnOfLapse = createLapseWarning({ store, clock, logger, alerts });
 * await warnOfLapse('acme', record.settings, failure);
 */
export function createLapseWarning({ store, clock, logger, alerts }: LapseWarningOptions) {
  return async (tenant: string, settings: SealedSettings, failure: DeliveryFailure | undefined) => {
    const shared = isAccessTokenStore(store) ? await store.getAccessToken(tenant) : null;
    const now = clock();
    const lapse = tokenLapse({ settings, mintedAt: shared?.mintedAt, exercised: !failure, now });
    if (!lapse) return;
    if (hasTokenLapseMarks(store) && !(await store.markTokenLapse(tenant, lapse.lapsesAt))) return;
    logger.warn('smtp-settings: the OAuth refresh token of a tenant may lapse soon', {
      tenant,
      ...lapse,
      ...(failure && { code: failure.code }),
    });
    alerts?.send(lapseAlert(tenant, lapse, now, failure));
  };
}
