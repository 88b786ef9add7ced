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

// What every policy refuses: the addresses where cloud instances find their credentials.
const METADATA_AND_LINK_LOCAL: readonly Network[] = [
  // IPv4 link-local, home of the AWS, GCP, Azure and OCI metadata services.
  network('169.254.0.0', 16),
  // Alibaba Cloud's metadata service.
  network('100.100.100.200', 32),
  network('fe80::', 10),
  // AWS's IPv6 metadata service.
  network('fd00:ec2::254', 128),
];

// The IPv4 blocks of IANA's special-purpose registry that no public mail server uses. The globally
// reachable entries there (AS112 192.31.196.0/24 and 192.175.48.0/24, AMT 192.52.193.0/24) are
// ordinary public addresses and stay allowed.
const NOT_PUBLIC_IPV4: readonly Network[] = [
  // "This network": 0.0.0.0 reaches the local host itself.
  network('0.0.0.0', 8),
  // Private networks (RFC 1918).
  network('10.0.0.0', 8),
  network('172.16.0.0', 12),
  network('192.168.0.0', 16),
  // Shared address space of carrier-grade NAT (RFC 6598): a provider's internal network.
  network('100.64.0.0', 10),
  // Loopback.
  network('127.0.0.0', 8),
  // Link-local.
  network('169.254.0.0', 16),
  // IETF protocol assignments (RFC 6890): DS-Lite, NAT64 discovery and other plumbing.
  network('192.0.0.0', 24),
  // Documentation (RFC 5737).
  network('192.0.2.0', 24),
  network('198.51.100.0', 24),
  network('203.0.113.0', 24),
  // The 6to4 relay anycast, retired by RFC 7526.
  network('192.88.99.0', 24),
  // Benchmarking (RFC 2544): lab networks.
  network('198.18.0.0', 15),
  // Multicast.
  network('224.0.0.0', 4),
  // Reserved (RFC 1112), with the limited broadcast 255.255.255.255.
  network('240.0.0.0', 4),
];

// Mail servers reached over IPv6 have global unicast addresses. Outside 2000::/3 lie the unspecified
// address `::` (which reaches the local host), loopback `::1`, the discard prefix 100::/64, the
// local-use NAT64 prefix 64:ff9b:1::/48 (where it embeds the IPv4 address is each network's choice, so
// that address cannot be checked), unique-local fc00::/7, link-local fe80::/10, the deprecated
// site-local fec0::/10, multicast ff00::/8 and unassigned space. The forms that carry an IPv4 address
// (mapped, compatible, translated and the well-known NAT64 prefix 64:ff9b::/96) are judged by that
// IPv4 address instead.
const GLOBAL_UNICAST = network('2000::', 3);

// The special-purpose blocks inside global unicast that no public mail server uses.
const NOT_PUBLIC_IPV6: readonly Network[] = [
  // IETF protocol assignments (RFC 2928): Teredo 2001::/32 tunnels to an IPv4 client address, and the
  // rest are benchmarking, ORCHID identifiers and anycast service addresses.
  network('2001::', 23),
  // Documentation (RFC 3849, RFC 9637).
  network('2001:db8::', 32),
  network('3fff::', 20),
  // 6to4 (RFC 3056, deprecated by RFC 7526) tunnels to the IPv4 address in bits 16-47, internal ones too.
  network('2002::', 16),
];

/**
 * Refuses link-local and cloud-metadata addresses (169.254.0.0/16, fe80::/10, `fd00:ec2::254`,
 * 100.100.100.200) in every notation, including IPv4-mapped, -compatible and NAT64 IPv6 forms, and
 * anything that is not an IP address; loopback and private networks stay allowed for local relays.
 * A multi-tenant host wants {@link publicMailServersOnly} instead.
 *
 * @example
 * // Allow one relay on the private network, and public servers:
 * const hostPolicy: HostPolicy = async (target) =>
 *   target.address === '10.0.0.25' || (await publicMailServersOnly(target));
 */
export const defaultHostPolicy: HostPolicy = ({ address }) => {
  const bytes = parseIpAddress(address);
  return bytes !== undefined && !isMetadataOrLinkLocal(bytes);
};

/**
 * Allows only public unicast addresses, for a multi-tenant host whose tenant admins must not reach
 * its own network: refuses everything {@link defaultHostPolicy} refuses, plus the unspecified address
 * (`0.0.0.0`, `::`), loopback, private and unique-local networks, carrier-grade NAT, multicast,
 * documentation, benchmarking and reserved ranges, 6to4 and Teredo, in every notation, including
 * IPv4-mapped, -compatible, -translated and NAT64 IPv6 forms.
 *
 * @example
 * app.route('/api/smtp', createSmtpSettings({ ...options, hostPolicy: publicMailServersOnly }));
 */
export const publicMailServersOnly: HostPolicy = ({ address }) => {
  const bytes = parseIpAddress(address);
  return bytes !== undefined && !isMetadataOrLinkLocal(bytes) && isPublicUnicast(bytes);
};

/** An address range as 16 bytes and a prefix length counted on them. */
type Network = readonly [IpBytes, number];

function isMetadataOrLinkLocal(bytes: IpBytes): boolean {
  const candidates = [bytes, embeddedIpv4(bytes)].filter((candidate) => candidate !== undefined);
  return candidates.some((candidate) => inAny(candidate, METADATA_AND_LINK_LOCAL));
}

function isPublicUnicast(bytes: IpBytes): boolean {
  const ipv4 = embeddedIpv4(bytes);
  if (ipv4 !== undefined) return !inAny(ipv4, NOT_PUBLIC_IPV4);
  return inNetwork(bytes, ...GLOBAL_UNICAST) && !inAny(bytes, NOT_PUBLIC_IPV6);
}

function inAny(bytes: IpBytes, networks: readonly Network[]): boolean {
  return networks.some(([base, length]) => inNetwork(bytes, base, length));
}

function network(address: string, prefixLength: number): Network {
  const bytes = parseIpAddress(address);
  if (bytes === undefined) throw new TypeError(`Not an IP address: ${address}`);
  // IPv4 networks are stored in mapped form, so their prefix counts from bit 96.
  return [bytes, address.includes(':') ? prefixLength : 96 + prefixLength];
}
