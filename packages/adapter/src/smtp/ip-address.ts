import { isIPv4, isIPv6 } from 'node:net';

/** An IP address as 16 bytes; an IPv4 address is stored in its IPv4-mapped form `::ffff:a.b.c.d`. */
export type IpBytes = Uint8Array;

/**
 * Parses an IPv4 or IPv6 address (any notation Node accepts, with or without a `%zone`), or returns
 * `undefined` when the text is not an IP address.
 *
 * @example
 * parseIpAddress('::ffff:a9fe:a9fe'); // the same 16 bytes as parseIpAddress('169.254.169.254')
 */
export function parseIpAddress(text: string): IpBytes | undefined {
  const address = text.replace(/%.*$/, '');
  if (isIPv4(address)) return mapped(ipv4Bytes(address));
  if (!isIPv6(address)) return undefined;

  const [head = '', tail] = address.split('::');
  const headGroups = groupsOf(head);
  const tailGroups = tail === undefined ? [] : groupsOf(tail);
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups =
    tail === undefined ? headGroups : [...headGroups, ...new Array<number>(missing).fill(0), ...tailGroups];
  const bytes = new Uint8Array(16);
  for (const [index, group] of groups.entries()) {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  }
  return bytes;
}

/**
 * The IPv4 address an IPv6 address carries and that a packet to it may reach: IPv4-mapped
 * (`::ffff:0:0/96`), IPv4-compatible (`::/96`), IPv4-translated (`::ffff:0:0:0/96`) and NAT64
 * (`64:ff9b::/96`) forms, in mapped form (so an IPv4 address, stored mapped, carries itself);
 * `undefined` for any other address.
 */
export function embeddedIpv4(bytes: IpBytes): IpBytes | undefined {
  const prefixIs = (prefix: readonly number[]) => prefix.every((byte, index) => bytes[index] === byte);
  const zeros = new Array<number>(10).fill(0);
  const isMapped = prefixIs([...zeros, 0xff, 0xff]);
  const isCompatible =
    prefixIs([...zeros, 0, 0]) &&
    bytes.slice(12).some((byte, index) => byte !== 0 && !(index === 3 && byte === 1));
  const isTranslated = prefixIs([0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0]);
  const isNat64 = prefixIs([0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]);
  if (isMapped || isCompatible || isTranslated || isNat64) return mapped(bytes.slice(12));
  return undefined;
}

/** Whether `bytes` lies in the network `base`/`prefixLength` (both in the 16-byte form). */
export function inNetwork(bytes: IpBytes, base: IpBytes, prefixLength: number): boolean {
  for (let bit = 0; bit < prefixLength; bit += 8) {
    const width = Math.min(8, prefixLength - bit);
    const mask = (0xff << (8 - width)) & 0xff;
    const index = bit / 8;
    if (((bytes[index] ?? 0) & mask) !== ((base[index] ?? 0) & mask)) return false;
  }
  return true;
}

function ipv4Bytes(address: string): Uint8Array {
  return Uint8Array.from(address.split('.'), Number);
}

function mapped(ipv4: Uint8Array): IpBytes {
  const bytes = new Uint8Array(16);
  bytes[10] = 0xff;
  bytes[11] = 0xff;
  bytes.set(ipv4, 12);
  return bytes;
}

function groupsOf(part: string): number[] {
  if (part === '') return [];
  return part.split(':').flatMap((group) => {
    if (!group.includes('.')) return [Number.parseInt(group, 16)];
    const [a = 0, b = 0, c = 0, d = 0] = ipv4Bytes(group);
    return [(a << 8) | b, (c << 8) | d];
  });
}
