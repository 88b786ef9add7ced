import { describe, expect, it } from 'vitest';
import { defaultHostPolicy } from './host-policy.js';
import { embeddedIpv4, parseIpAddress } from './ip-address.js';

const allowed = (address: string) =>
  defaultHostPolicy({ host: 'smtp.example.com', address, family: address.includes(':') ? 6 : 4, port: 587 });

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
