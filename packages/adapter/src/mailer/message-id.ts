import { randomUUID } from 'node:crypto';

/** The domain of a Message-ID made without a usable From Email, e.g. for a tenant that saved none yet. */
export const FALLBACK_MESSAGE_ID_DOMAIN = 'smtp-settings.localhost';

// A DNS name in ASCII, as a Message-ID's right-hand side must be; a From Email in Unicode is not used.
const DOMAIN = /^(?=.{1,253}$)[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?)*$/i;

/**
 * A new Message-ID, `<uuid@domain>`, with the domain of the From Email when it is a plain DNS name, else
 * `fallbackDomain`: made once per message, so every retry, and every copy a crash may cause, carries it.
 *
 * @example
 * newMessageId('notifications@example.com'); // '<0f8e…@example.com>'
 */
export function newMessageId(fromEmail: unknown, fallbackDomain = FALLBACK_MESSAGE_ID_DOMAIN): string {
  return `<${randomUUID()}@${domainOf(fromEmail) ?? fallbackDomain}>`;
}

/** Whether `domain` may stand after the `@` of a Message-ID; for checking a configured domain. */
export function isMessageIdDomain(domain: unknown): domain is string {
  return typeof domain === 'string' && DOMAIN.test(domain);
}

/** The domain of a From Email, when it is a plain DNS name. */
function domainOf(fromEmail: unknown): string | undefined {
  if (typeof fromEmail !== 'string' || !fromEmail.includes('@')) return undefined;
  const domain = fromEmail.slice(fromEmail.lastIndexOf('@') + 1).toLowerCase();
  return DOMAIN.test(domain) ? domain : undefined;
}
