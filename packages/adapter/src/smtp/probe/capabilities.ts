import type { SmtpReply } from '../smtp-reply.js';

/** What a server advertised in its EHLO reply, as far as a test cares. */
export interface Capabilities {
  /** Whether the server takes AUTH: an `AUTH` line (even an empty one), or HELO only (see `sayEhlo`). */
  authOffered: boolean;
  /** SASL mechanisms from `AUTH` (and the old `AUTH=` form), upper case. */
  auth: string[];
  /** Largest message in bytes from `SIZE`, when the server announces one. */
  size?: number;
  /** Whether `STARTTLS` is offered. */
  startTls: boolean;
  /** Whether `SMTPUTF8` is offered. */
  smtpUtf8: boolean;
  /** Whether `8BITMIME` is offered. */
  eightBitMime: boolean;
}

/**
 * Reads the capabilities from an EHLO reply (the first line is the server's name, one keyword per line after it).
 *
 * @example
 * parseCapabilities({ code: 250, text: 'mx.example.com\nAUTH PLAIN LOGIN\nSIZE 36700160\nSTARTTLS' });
 * // { authOffered: true, auth: ['PLAIN', 'LOGIN'], size: 36700160, startTls: true, smtpUtf8: false, eightBitMime: false }
 */
export function parseCapabilities(reply: SmtpReply): Capabilities {
  const capabilities: Capabilities = {
    authOffered: false,
    auth: [],
    startTls: false,
    smtpUtf8: false,
    eightBitMime: false,
  };
  for (const line of reply.text.split('\n').slice(1)) {
    const [keyword = '', ...params] = line
      .trim()
      .toUpperCase()
      .split(/[\s=]+/);
    if (keyword === 'AUTH') {
      capabilities.authOffered = true;
      for (const mechanism of params)
        if (!capabilities.auth.includes(mechanism)) capabilities.auth.push(mechanism);
    } else if (keyword === 'SIZE') {
      const size = Number(params[0]);
      if (Number.isSafeInteger(size) && size > 0) capabilities.size = size;
    } else if (keyword === 'STARTTLS') capabilities.startTls = true;
    else if (keyword === 'SMTPUTF8') capabilities.smtpUtf8 = true;
    else if (keyword === '8BITMIME') capabilities.eightBitMime = true;
  }
  return capabilities;
}

/** One line for the admin, e.g. `AUTH PLAIN, LOGIN; max. message size 35 MB; STARTTLS; SMTPUTF8, 8BITMIME`. */
export function describeCapabilities(capabilities: Capabilities): string {
  const parts = [
    capabilities.auth.length > 0
      ? `AUTH ${capabilities.auth.join(', ')}`
      : capabilities.authOffered
        ? 'AUTH without a list of methods'
        : 'no AUTH offered',
  ];
  if (capabilities.size !== undefined) {
    parts.push(`max. message size ${Math.round((capabilities.size / 1024 / 1024) * 10) / 10} MB`);
  }
  if (capabilities.startTls) parts.push('STARTTLS');
  const mime = [capabilities.smtpUtf8 && 'SMTPUTF8', capabilities.eightBitMime && '8BITMIME'].filter(Boolean);
  if (mime.length > 0) parts.push(mime.join(', '));
  return parts.join('; ');
}
