/** What the inbox shows of a message: a few headers and its readable bodies. */
export interface ParsedMessage {
  /** The From header, decoded. */
  from: string;
  /** The Subject header, decoded; empty when missing. */
  subject: string;
  /** The Message-ID header, such as `<1f2e…@demo.example>`, when the message has one. */
  messageId?: string;
  /** The Date header, if it parses. */
  date?: Date;
  /** The text/plain body; empty when the message has none. */
  text: string;
  /** The text/html body, when the message has one. */
  html?: string;
}

interface Part {
  headers: Map<string, string>;
  body: Buffer;
}

/**
 * Reads the headers and the plain-text and HTML bodies of a raw message (MIME multipart, base64 and
 * quoted-printable, RFC 2047 encoded words). Attachments are skipped: the inbox only shows what was written.
 *
 * @example
 * const { subject, text, html } = parseMessage(rawBuffer);
 */
export function parseMessage(raw: Buffer): ParsedMessage {
  const root = splitPart(raw);
  const bodies: { text?: string; html?: string } = {};
  collectBodies(root, bodies);
  const date = new Date(root.headers.get('date') ?? '');
  const messageId = messageIdOf(root.headers.get('message-id') ?? '');
  return {
    from: decodeWords(root.headers.get('from') ?? ''),
    subject: decodeWords(root.headers.get('subject') ?? ''),
    ...(messageId && { messageId }),
    ...(!Number.isNaN(date.getTime()) && { date }),
    text: bodies.text ?? '',
    ...(bodies.html !== undefined && { html: bodies.html }),
  };
}

/** The `<id>` of a Message-ID header; a folded or commented header still names the same message. */
function messageIdOf(value: string): string | undefined {
  return /<[^<>\s]+>/.exec(value)?.[0] ?? (value.trim() || undefined);
}

function splitPart(raw: Buffer): Part {
  const source = raw.toString('latin1');
  const match = /\r?\n\r?\n/.exec(source);
  const head = match ? source.slice(0, match.index) : source;
  const bodyStart = match ? match.index + match[0].length : source.length;
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    // Headers arrive as bytes; UTF-8 in raw headers (RFC 6532) is read back as UTF-8.
    if (!headers.has(name))
      headers.set(name, Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8'));
  }
  return { headers, body: raw.subarray(Buffer.byteLength(source.slice(0, bodyStart), 'latin1')) };
}

function collectBodies(part: Part, bodies: { text?: string; html?: string }): void {
  const { type, params } = parseContentType(part.headers.get('content-type') ?? 'text/plain');
  if (/^attachment/i.test(part.headers.get('content-disposition') ?? '')) return;
  if (type.startsWith('multipart/') && params.boundary) {
    for (const child of splitMultipart(part.body, params.boundary)) collectBodies(splitPart(child), bodies);
    return;
  }
  const key = type === 'text/plain' ? 'text' : type === 'text/html' ? 'html' : undefined;
  if (key === undefined || bodies[key] !== undefined) return;
  const bytes = decodeTransfer(part.body, part.headers.get('content-transfer-encoding') ?? '7bit');
  bodies[key] = decodeCharset(bytes, params.charset).replace(/\r\n/g, '\n');
}

function parseContentType(value: string): { type: string; params: Record<string, string> } {
  const [type = 'text/plain', ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const param of rest) {
    const equals = param.indexOf('=');
    if (equals < 0) continue;
    params[param.slice(0, equals).trim().toLowerCase()] = param
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return { type: type.trim().toLowerCase(), params };
}

function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const source = body.toString('latin1');
  const delimiter = `--${boundary}`;
  const parts: Buffer[] = [];
  let start = source.indexOf(delimiter);
  while (start >= 0) {
    const afterDelimiter = start + delimiter.length;
    if (source.startsWith('--', afterDelimiter)) break;
    const contentStart = source.indexOf('\n', afterDelimiter) + 1;
    const next = source.indexOf(`\n${delimiter}`, contentStart);
    if (contentStart === 0 || next < 0) break;
    const contentEnd = source[next - 1] === '\r' ? next - 1 : next;
    parts.push(Buffer.from(source.slice(contentStart, contentEnd), 'latin1'));
    start = next + 1;
  }
  return parts;
}

function decodeTransfer(body: Buffer, encoding: string): Buffer {
  switch (encoding.trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(body.toString('latin1').replace(/\s+/g, ''), 'base64');
    case 'quoted-printable':
      return decodeQuotedPrintable(body.toString('latin1').replace(/=\r?\n/g, ''));
    default:
      return body;
  }
}

function decodeQuotedPrintable(text: string): Buffer {
  return Buffer.from(
    text.replace(/=([0-9a-f]{2})/gi, (_escape, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    'latin1',
  );
}

function decodeCharset(bytes: Buffer, charset = 'utf-8'): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    // An unknown label: UTF-8 is what every mailer here sends.
    return bytes.toString('utf8');
  }
}

function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([bq])\?([^?]*)\?=/gi, (_word, charset: string, encoding: string, text: string) =>
      decodeCharset(
        encoding.toLowerCase() === 'b'
          ? Buffer.from(text, 'base64')
          : decodeQuotedPrintable(text.replace(/_/g, ' ')),
        charset,
      ),
    );
}
