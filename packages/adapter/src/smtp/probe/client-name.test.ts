import { describe, expect, it } from 'vitest';
import { ehloName } from './client-name.js';

describe('ehloName', () => {
  it('keeps a qualified host name, lower-cased and without a trailing dot', () => {
    expect(ehloName('Web-1.Example.com.', '10.0.0.5', false)).toBe('web-1.example.com');
  });

  it('keeps an unqualified name only when it was chosen explicitly', () => {
    expect(ehloName('relay', '10.0.0.5', true)).toBe('relay');
    expect(ehloName('3f9a1c2b7d', '10.0.0.5', false)).toBe('[10.0.0.5]');
  });

  it('falls back to an address literal for names that could break the command line', () => {
    expect(ehloName('bad name\r\nMAIL FROM:<x>', '10.0.0.5', true)).toBe('[10.0.0.5]');
    expect(ehloName('-dash.example.com', '::ffff:192.0.2.1', true)).toBe('[192.0.2.1]');
    expect(ehloName('', '2001:db8::1%eth0', false)).toBe('[IPv6:2001:db8::1]');
  });
});
