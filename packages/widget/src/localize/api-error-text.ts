import type { ApiRequestError } from '../api/errors.js';
import type { FailureStrings } from './failure-strings.js';
import { serverText } from './server-text.js';

/** What the adapter answered, in the admin's language: through `serverTexts` by its key, or as it came. */
export function apiErrorText(t: Pick<FailureStrings, 'serverTexts'>, error: ApiRequestError): string {
  return serverText(t, { text: error.message, key: error.text.messageKey, params: error.text.params });
}

/**
 * The adapter's field errors in the admin's language, for those it wrote from a server text
 * (`fieldKeys`); the others, the schema's messages, come as they were sent.
 */
export function apiFieldTexts(
  t: Pick<FailureStrings, 'serverTexts'>,
  { fields, text }: ApiRequestError,
): Record<string, string> | undefined {
  if (!fields) return undefined;
  return Object.fromEntries(
    Object.entries(fields).map(([path, message]) => [
      path,
      serverText(t, { text: message, key: text.fieldKeys?.[path], params: text.params }),
    ]),
  );
}
