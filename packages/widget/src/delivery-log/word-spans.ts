import type { DeliveryFailure, ServerTextParams, TimeSpanUnit } from '@smtp-settings/schema';
import type { SmtpDeliveryLogStrings } from './strings.js';

/**
 * The failure with each time span among its params (an amount beside a `{name}Unit`, such as an expired
 * message's `span: 48, spanUnit: 'hour'`) worded by `strings.timeSpan`, so a translation of its text
 * says "48 Stunden" where the server said "48 hours".
 */
export function wordSpans(failure: DeliveryFailure, t: SmtpDeliveryLogStrings): DeliveryFailure {
  const { params } = failure;
  if (!params) return failure;
  const worded: Record<string, string | number> = { ...params };
  for (const name in params) {
    const unit = params[`${name}Unit`];
    const amount = params[name];
    if (typeof unit === 'string' && typeof amount === 'number') {
      worded[name] = t.timeSpan(amount, unit as TimeSpanUnit);
    }
  }
  return { ...failure, params: worded as ServerTextParams };
}
