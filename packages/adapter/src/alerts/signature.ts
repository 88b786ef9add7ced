import { createHmac, timingSafeEqual } from 'node:crypto';

/** The request header carrying the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'Smtp-Settings-Signature';
/** The request header carrying the event's id, the same on every retry. */
export const EVENT_ID_HEADER = 'Smtp-Settings-Event-Id';

const DEFAULT_TOLERANCE_SECONDS = 300;

/** Signs `body` as sent at `at`: the value of {@link SIGNATURE_HEADER}. */
export function signWebhook(body: string, secret: string, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

/** Options of {@link verifyWebhookSignature}. */
export interface VerifyWebhookOptions {
  /** How old (or how far ahead) the signature's time may be, in seconds; defaults to 300. */
  toleranceSeconds?: number;
  /** The receiver's current time; defaults to now. */
  now?: Date;
}

/**
 * Whether a webhook request is genuine: `header` (the `Smtp-Settings-Signature` request header) holds an
 * HMAC-SHA256 of its time and `body` under `secret`, and that time is within `toleranceSeconds` of now, so
 * a captured request cannot be replayed later. Pass the raw body exactly as received, before any JSON
 * parsing; the comparison takes the same time however many characters match. A header may carry several
 * `v1` signatures (as during a change of secret); one that matches is enough.
 *
 * @example
 * ```ts
 * app.post('/hooks/smtp', async (c) => {
 *   const body = await c.req.text();
 *   if (!verifyWebhookSignature(body, c.req.header('Smtp-Settings-Signature'), process.env.ALERTS_SECRET!)) {
 *     return c.body(null, 400);
 *   }
 *   const event = JSON.parse(body); // { id, type, tenant, at, error?, lapse? }
 *   return c.body(null, 204);
 * });
 * ```
 */
export function verifyWebhookSignature(
  body: string,
  header: string | null | undefined,
  secret: string,
  { toleranceSeconds = DEFAULT_TOLERANCE_SECONDS, now = new Date() }: VerifyWebhookOptions = {},
): boolean {
  if (typeof header !== 'string' || typeof body !== 'string' || typeof secret !== 'string') return false;
  const pairs = header.split(',').map((pair) => pair.trim().split('=', 2));
  const timestamp = Number(pairs.find(([key]) => key === 't')?.[1]);
  if (!Number.isSafeInteger(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  return pairs
    .filter(([key, value]) => key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/i.test(value))
    .some(([, value]) => timingSafeEqual(Buffer.from(value as string, 'hex'), expected));
}

function hmac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}
