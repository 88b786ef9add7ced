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

/**
 * The English text of a key, filled with its params; a `{name}Unit` param words its amount, so
 * `{ span: 48, spanUnit: 'hour' }` fills `{span}` with "48 hours".
 */
export function englishText(key: ServerTextKey, params?: ServerTextParams): string {
  return fillTemplate(SERVER_TEXTS[key], params && withSpans(params));
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

function withSpans(params: ServerTextParams): ServerTextParams {
  const units = Object.keys(params).filter((name) => name.endsWith('Unit'));
  if (units.length === 0) return params;
  const worded: Record<string, string | number> = { ...params };
  for (const unitName of units) {
    const name = unitName.slice(0, -'Unit'.length);
    const amount = params[name];
    if (typeof amount !== 'number') continue;
    const unit = String(params[unitName]);
    worded[name] = new Intl.NumberFormat('en', {
      style: 'unit',
      unit,
      unitDisplay: 'long',
      useGrouping: false,
    }).format(amount);
  }
  return worded;
}
