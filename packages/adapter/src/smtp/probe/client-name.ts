import { isIPv6 } from 'node:net';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/**
 * The name to send with EHLO: `preferred` when it is a valid host name (an unqualified default such as
 * a container's `os.hostname()` is not, as strict servers want a domain), else an address literal
 * of our end of the connection, as RFC 5321 allows.
 *
 * @example
 * ehloName('web-1.example.com', '10.0.0.5', true); // 'web-1.example.com'
 * ehloName('3f9a1c2b7d', '10.0.0.5', false); // '[10.0.0.5]'
 */
export function ehloName(preferred: string, localAddress: string | undefined, explicit: boolean): string {
  const name = preferred.trim().replace(/\.$/, '');
  const labels = name.split('.');
  const valid = name.length <= 253 && labels.every((label) => LABEL.test(label));
  if (valid && (explicit || labels.length > 1)) return name.toLowerCase();
  const address = (localAddress ?? '127.0.0.1').replace(/%.*$/, '').replace(/^::ffff:(?=\d+\.)/i, '');
  return isIPv6(address) ? `[IPv6:${address}]` : `[${address}]`;
}
