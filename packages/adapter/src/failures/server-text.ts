import {
  fillTemplate,
  SERVER_TEXTS,
  type ServerNotice,
  type ServerTextKey,
  type ServerTextParamNames,
  type ServerTextParams,
} from '@smtp-settings/schema';

/** The params a key's template needs: none, or one value per placeholder. */
export type ParamsFor<K extends ServerTextKey> = [ServerTextParamNames<(typeof SERVER_TEXTS)[K]>] extends [
  never,
]
  ? []
  : [params: Record<ServerTextParamNames<(typeof SERVER_TEXTS)[K]>, string | number>];

/** The English text of a key, filled with its params. */
export function englishText(key: ServerTextKey, params?: ServerTextParams): string {
  return fillTemplate(SERVER_TEXTS[key], params);
}

/**
 * A text for the admin as the wire carries it: English, its key and its params.
 *
 * @example
 * notice('warning.certificateExpires', { date: '2026-12-24' });
 * // { message: 'The server certificate expires on 2026-12-24; …', messageKey: 'warning.certificateExpires', params: { date: '2026-12-24' } }
 */
export function notice<K extends ServerTextKey>(key: K, ...[params]: ParamsFor<K>): ServerNotice {
  return { message: englishText(key, params), messageKey: key, ...(params && { params }) };
}
