import type * as FIELD_MESSAGES from './field-messages.js';

/** The English text of a field message: what the server sends, and the key a translation replaces. */
export type FieldMessage = (typeof FIELD_MESSAGES)[keyof typeof FIELD_MESSAGES];
