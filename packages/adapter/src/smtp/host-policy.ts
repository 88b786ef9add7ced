import { embeddedIpv4, type IpBytes, inNetwork, parseIpAddress } from './ip-address.js';

/** One resolved address the probe is about to connect to. */
export interface HostPolicyTarget {
  /** The host name as the admin typed it (or its ASCII form for an internationalized name). */
  host: string;
  /** One address the name resolved to, which is exactly the address the probe connects to. */
  address: string;
  /** The address family. */
  family: 4 | 6;
  /** The port the probe connects to. */
  port: number;
}

/**
 * Decides whether a test may connect to a resolved address; checked on every address after DNS
 * resolution, so a name that resolves (or rebinds) to a forbidden address is refused.
 */
export type HostPolicy = (target: HostPolicyTarget) => boolean | Promise<boolean>;

const BLOCKED: ReadonlyArray<readonly [IpBytes, number]> = [
  // IPv4 link-local, home of the AWS, GCP, Azure and OCI metadata services.
  network('169.254.0.0', 16),
  // Alibaba Cloud's metadata service.
  network('100.100.100.200', 32),
  network('fe80::', 10),
  // AWS's IPv6 metadata service.
  network('fd00:ec2::254', 128),
];

/**
 * Refuses link-local and cloud-metadata addresses (169.254.0.0/16, fe80::/10, `fd00:ec2::254`,
 * 100.100.100.200) in every notation, including IPv4-mapped, -compatible and NAT64 IPv6 forms, and
 * anything that is not an IP address; loopback and private networks stay allowed for local relays.
 *
 * @example
 * // Also keep tests away from private networks:
 * const hostPolicy: HostPolicy = async (target) =>
 *   (await defaultHostPolicy(target)) && !target.address.startsWith('10.');
 */
export const defaultHostPolicy: HostPolicy = ({ address }) => {
  const bytes = parseIpAddress(address);
  if (bytes === undefined) return false;
  const candidates = [bytes, embeddedIpv4(bytes)].filter((candidate) => candidate !== undefined);
  return !candidates.some((candidate) =>
    BLOCKED.some(([base, length]) => inNetwork(candidate, base, length)),
  );
};

function network(address: string, prefixLength: number): readonly [IpBytes, number] {
  const bytes = parseIpAddress(address);
  if (bytes === undefined) throw new TypeError(`Not an IP address: ${address}`);
  // IPv4 networks are stored in mapped form, so their prefix counts from bit 96.
  return [bytes, address.includes(':') ? prefixLength : 96 + prefixLength];
}
