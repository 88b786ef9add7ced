/** Who a MIME message goes to, and the message as its recipients receive it. */
export interface MimeEnvelope {
  /** The addresses of the To, Cc and Bcc headers, in that order, without repeats. */
  to: string[];
  /** The message without its Bcc header, which Exchange removes before delivery. */
  raw: Buffer;
}

const RECIPIENT_HEADERS = ['to', 'cc', 'bcc'];

/**
 * Reads the recipients of a MIME message from its headers, as Graph's `sendMail` does for a MIME body
 * (there is no envelope besides the message), and removes the Bcc header the copies must not show.
 *
 * @example
 * const { to, raw } = mimeEnvelope(Buffer.from(body, 'base64'));
 */
export function mimeEnvelope(message: Buffer): MimeEnvelope {
  const source = message.toString('latin1');
  const end = /\r?\n\r?\n/.exec(source);
  const headEnd = end ? end.index : source.length;
  // A header line and its folded continuation lines, with the line break that ends them.
  const fields = source.slice(0, headEnd).match(/[^\r\n]+(?:\r?\n[ \t][^\r\n]*)*(?:\r?\n)?/g) ?? [];
  const to = new Set<string>();
  for (const name of RECIPIENT_HEADERS) {
    for (const field of fields) {
      const colon = field.indexOf(':');
      if (field.slice(0, colon).trim().toLowerCase() !== name) continue;
      for (const address of addressesIn(field.slice(colon + 1))) to.add(address);
    }
  }
  const kept = fields.filter((field) => !/^bcc\s*:/i.test(field)).join('');
  // The rest starts with the line break that ends the head's last field: the one left before it goes.
  const head = kept.replace(/\r?\n$/, '');
  return { to: [...to], raw: Buffer.from(head + source.slice(headEnd), 'latin1') };
}

/** The addresses of an address-list header: `<addr>` or bare, display names, comments and groups aside. */
function addressesIn(value: string): string[] {
  const plain = value
    .replace(/\r?\n[ \t]/g, ' ')
    .replace(/"(?:[^"\\]|\\.)*"/g, '')
    .replace(/\([^()]*\)/g, '');
  return plain
    .split(/[,;]/)
    .map((part) => (/<([^<>]*)>/.exec(part)?.[1] ?? part.replace(/^[^:@]*:/, '')).trim())
    .filter((address) => address.includes('@'));
}
