import { randomUUID } from 'node:crypto';
import type { SettingsStore } from '../stores/store.js';

/** The domain of Message-IDs made for a tenant without a saved From Email (its mail is held until one is saved). */
export const FALLBACK_MESSAGE_ID_DOMAIN = 'smtp-settings.localhost';

// A DNS name in ASCII, as a Message-ID's right-hand side must be; a From Email in Unicode is not used.
const DOMAIN = /^(?=.{1,253}$)[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?)*$/i;

/**
 * Makes the Message-ID a queued message keeps for every attempt, so the copies a crash may cause carry
 * the same one: `<uuid@domain>`, the domain being that of the tenant's saved From Email (one read of the
 * record), else `fallbackDomain`.
 *
 * @example
 * await makeMessageId(store, 'acme', FALLBACK_MESSAGE_ID_DOMAIN); // '<0f8c…@example.com>'
 */
export async function makeMessageId(
  store: SettingsStore,
  tenant: string,
  fallbackDomain: string,
): Promise<string> {
  return `<${randomUUID()}@${domainOf((await store.get(tenant))?.settings.fromEmail) ?? fallbackDomain}>`;
}

/** The domain of a From Email, when it is a plain DNS name. */
function domainOf(fromEmail: unknown): string | undefined {
  if (typeof fromEmail !== 'string') return undefined;
  const domain = fromEmail.slice(fromEmail.lastIndexOf('@') + 1).toLowerCase();
  return fromEmail.includes('@') && DOMAIN.test(domain) ? domain : undefined;
}

/** Whether `domain` may stand after the `@` of a Message-ID; for checking the `messageIdDomain` option. */
export function isMessageIdDomain(domain: unknown): domain is string {
  return typeof domain === 'string' && DOMAIN.test(domain);
}
