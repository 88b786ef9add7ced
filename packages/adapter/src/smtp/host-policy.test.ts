import { describe, expect, it } from 'vitest';
import { defaultHostPolicy, type HostPolicy, publicMailServersOnly } from './host-policy.js';
import { embeddedIpv4, parseIpAddress } from './ip-address.js';

const allowedBy = (policy: HostPolicy, address: string) =>
  policy({ host: 'smtp.example.com', address, family: address.includes(':') ? 6 : 4, port: 587 });
const allowed = (address: string) => allowedBy(defaultHostPolicy, address);

/** Every way to write an IPv4 address, on its own and inside IPv6 (mapped, compatible, translated, NAT64). */
function ipv4Notations(dotted: string): string[] {
  const [a = 0, b = 0, c = 0, d = 0] = dotted.split('.').map(Number);
  const hex = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  return [
    dotted,
    `::ffff:${dotted}`,
    `::ffff:${hex}`,
    `::FFFF:${hex.toUpperCase()}`,
    `0:0:0:0:0:ffff:${hex}`,
    `0000:0000:0000:0000:0000:ffff:${dotted}`,
    `::ffff:${hex}%eth0`,
    `::${dotted}`,
    `::${hex}`,
    `::ffff:0:${hex}`,
    `64:ff9b::${hex}`,
    `64:ff9b::${dotted}`,
    `64:FF9B:0:0:0:0:${hex.toUpperCase()}`,
  ];
}

/** `[notation, the address it writes]` for each of {@link ipv4Notations}. */
const eachNotation = (addresses: readonly string[]) =>
  addresses.flatMap((address) => ipv4Notations(address).map((notation) => [notation, address] as const));

describe('defaultHostPolicy', () => {
  it.each([
    '169.254.169.254',
    '169.254.0.1',
    '169.254.255.255',
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '::FFFF:A9FE:A9FE',
    '0:0:0:0:0:ffff:a9fe:a9fe',
    '0000:0000:0000:0000:0000:ffff:169.254.169.254',
    '::169.254.169.254',
    '::a9fe:a9fe',
    '::ffff:0:a9fe:a9fe',
    '64:ff9b::a9fe:a9fe',
    'fe80::1',
    'fe80::1%eth0',
    'febf:ffff::1',
    'fd00:ec2::254',
    'fd00:ec2:0:0:0:0:0:254',
    '100.100.100.200',
    'not an address',
    'metadata.google.internal',
  ])('refuses %s', async (address) => {
    expect(await allowed(address)).toBe(false);
  });

  it.each([
    '127.0.0.1',
    '::1',
    '10.0.0.25',
    '192.168.1.10',
    '142.250.102.108',
    '52.98.0.1',
    '2a00:1450:400c:c06::6c',
    'fec0::1',
    'fd00:ec2::253',
    '169.253.255.255',
    '169.255.0.0',
    '::ffff:8efa:666c',
  ])('allows %s', async (address) => {
    expect(await allowed(address)).toBe(true);
  });
});

describe('parseIpAddress', () => {
  it('reads every notation of one address as the same bytes', () => {
    const expected = parseIpAddress('169.254.169.254');
    for (const text of ['::ffff:169.254.169.254', '::ffff:a9fe:a9fe', '0:0:0:0:0:ffff:a9fe:a9fe']) {
      expect(parseIpAddress(text)).toEqual(expected);
    }
  });

  it('finds no IPv4 address inside loopback or the unspecified address', () => {
    for (const text of ['::1', '::']) {
      const bytes = parseIpAddress(text);
      expect(bytes && embeddedIpv4(bytes)).toBeUndefined();
    }
  });
});

describe('publicMailServersOnly', () => {
  // One address at each end of every refused IPv4 block, and one inside.
  const REFUSED_IPV4 = [
    '0.0.0.0',
    '0.255.255.255',
    '10.0.0.0',
    '10.255.255.255',
    '100.64.0.0',
    '100.100.100.200',
    '100.127.255.255',
    '127.0.0.1',
    '127.255.255.254',
    '169.254.169.254',
    '172.16.0.0',
    '172.31.255.255',
    '192.0.0.8',
    '192.0.0.170',
    '192.0.2.25',
    '192.88.99.1',
    '192.168.0.1',
    '192.168.255.255',
    '198.18.0.1',
    '198.19.255.255',
    '198.51.100.25',
    '203.0.113.25',
    '224.0.0.1',
    '239.255.255.255',
    '240.0.0.1',
    '255.255.255.255',
  ];
  // Just outside each refused block, and real mail servers.
  const PUBLIC_IPV4 = [
    '1.1.1.1',
    '9.255.255.255',
    '11.0.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '126.255.255.255',
    '128.0.0.0',
    '169.253.255.255',
    '169.255.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.0.1.255',
    '192.0.3.0',
    '192.31.196.1',
    '192.88.98.255',
    '192.167.255.255',
    '192.169.0.0',
    '198.17.255.255',
    '198.20.0.0',
    '198.51.99.255',
    '203.0.112.255',
    '223.255.255.255',
    '40.99.4.1',
    '142.250.102.108',
  ];

  it.each(eachNotation(REFUSED_IPV4))('refuses %s (%s)', async (notation) => {
    expect(await allowedBy(publicMailServersOnly, notation)).toBe(false);
  });

  it.each(eachNotation(PUBLIC_IPV4))('allows %s (%s)', async (notation) => {
    expect(await allowedBy(publicMailServersOnly, notation)).toBe(true);
  });

  it.each([
    // Unspecified: connecting to it reaches the local host.
    '::',
    '::0',
    '0::0',
    '0:0:0:0:0:0:0:0',
    '0000:0000:0000:0000:0000:0000:0000:0000',
    '::%eth0',
    // Loopback.
    '::1',
    '0:0:0:0:0:0:0:1',
    '::0.0.0.1',
    '::1%lo',
    // Discard-only.
    '100::1',
    // Local-use NAT64: where the IPv4 address sits cannot be known.
    '64:ff9b:1::7f00:1',
    '64:ff9b:1:ffff::8efa:666c',
    // Teredo and the rest of the IETF protocol assignments.
    '2001::1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    '2001:1::1',
    '2001:2::1',
    '2001:20::1',
    '2001:1ff:ffff::1',
    // Documentation.
    '2001:db8::25',
    '2001:DB8:0:0:0:0:0:25',
    '3fff::25',
    '3fff:fff:ffff::1',
    // 6to4, here of 127.0.0.1 and 10.0.0.1.
    '2002:7f00:1::1',
    '2002:a00:1::1',
    // Unique-local, with AWS's IPv6 metadata service.
    'fc00::1',
    'fd00:ec2::254',
    'fdff:ffff::1',
    // Link-local and the deprecated site-local.
    'fe80::1',
    'fe80::1%eth0',
    'FE80::1%25eth0',
    'fec0::1',
    'feff::1',
    // Multicast.
    'ff02::1',
    'ff0e::101',
    // Unassigned, outside global unicast.
    '4000::1',
    '1::1',
    // Not an address.
    'not an address',
    'localhost',
    '127.1',
    '0x7f000001',
    '',
  ])('refuses %s', async (address) => {
    expect(await allowedBy(publicMailServersOnly, address)).toBe(false);
  });

  it.each([
    '2a00:1450:400c:c06::6c',
    '2A00:1450:400C:C06::6C',
    '2a01:111:f400:7e00::1',
    '2a01:0111:f400:7e00:0000:0000:0000:0001',
    '2001:200::1',
    '2001:db7:ffff::1',
    '2001:db9::1',
    '2003::1',
    '3ffe:ffff::1',
    '3fff:1000::1',
    '2a00:1450:400c:c06::6c%eth0',
  ])('allows %s', async (address) => {
    expect(await allowedBy(publicMailServersOnly, address)).toBe(true);
  });

  it('refuses whatever the default policy refuses', async () => {
    const addresses = [...REFUSED_IPV4, ...PUBLIC_IPV4, 'fe80::1', 'fd00:ec2::254', '::ffff:a9fe:a9fe', '::'];
    for (const address of addresses) {
      if (!(await allowed(address))) expect(await allowedBy(publicMailServersOnly, address)).toBe(false);
    }
  });
});
