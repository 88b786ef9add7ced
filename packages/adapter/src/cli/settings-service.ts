import type { SmtpConfig } from '../config/smtp-config.js';
import { createOAuthFlows } from '../oauth/oauth-flows.js';
import { createTestReceipts } from '../receipts/test-receipts.js';
import { createSettingsService, type SettingsService } from '../settings/settings-service.js';
import { defaultHostPolicy } from '../smtp/host-policy.js';

// A receipt is never shown: the tool tests, it does not save.
const RECEIPT_TTL_MS = 60_000;

/**
 * The service behind `POST /test`, made from the command line's configuration: the same draft
 * resolution, probe and audit entry as the browser's Test. The defaults of a host that sets nothing
 * apply: the Test's timeouts, and `defaultHostPolicy`, which lets an operator test a relay on the
 * local network.
 */
export function cliSettingsService(config: SmtpConfig): SettingsService {
  const flows = createOAuthFlows({
    ...config,
    // Only starting a sign-in asks for it, which the command line never does.
    redirectUri: () => {
      throw new Error('The command line starts no OAuth sign-in.');
    },
  });
  return createSettingsService(
    {
      ...config,
      receipts: createTestReceipts(config.secrets, { ttlMs: RECEIPT_TTL_MS, clock: config.clock }),
      requireTestBeforeSave: true,
      testTimeouts: {},
      hostPolicy: defaultHostPolicy,
    },
    flows,
  );
}
