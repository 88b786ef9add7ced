import { createContext } from '@lit/context';
import type { SmtpSettingsClient } from './api/client.js';

/**
 * The client a host provides to every `<smtp-settings>` below it, e.g. one whose `fetch` adds the
 * app's auth headers; an element without a provider builds its own from its `endpoint`.
 *
 * @example
 * ```ts
 * new ContextProvider(document.body, { context: smtpSettingsClientContext, initialValue: createClient('/api/smtp', authedFetch) });
 * ```
 */
export const smtpSettingsClientContext = createContext<SmtpSettingsClient>(Symbol('smtp-settings-client'));
