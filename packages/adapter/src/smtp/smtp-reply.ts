/** One SMTP reply: its code, its enhanced status code when the server sent one, and its text. */
export interface SmtpReply {
  /** Three-digit reply code, such as `250` or `535`. */
  code: number;
  /** Enhanced status code (RFC 3463), such as `5.7.8`, when the server sent one. */
  enhanced?: string;
  /** The text of every line without the codes, lines joined by `\n`. */
  text: string;
}

/** Longest server reply a failure carries, so a chatty server cannot bloat a response. */
export const MAX_REPLY_LENGTH = 500;

const LINE = /^(\d{3})(?:([ -])(.*))?$/;
const ENHANCED = /^([245]\.\d{1,3}\.\d{1,3})(?:\s+|$)/;
// Server text is shown to admins: control characters would let a server forge lines in logs.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u001f\u007f]+/g;

/**
 * Turns the lines of one reply into an {@link SmtpReply}, or `undefined` when they are not a reply.
 *
 * @example
 * parseReplyLines(['535-5.7.8 Username and Password not accepted.', '535 5.7.8 Learn more'])
 * // { code: 535, enhanced: '5.7.8', text: 'Username and Password not accepted.\nLearn more' }
 */
export function parseReplyLines(lines: readonly string[]): SmtpReply | undefined {
  let code: number | undefined;
  let enhanced: string | undefined;
  const texts: string[] = [];
  for (const [index, line] of lines.entries()) {
    const match = LINE.exec(line);
    if (!match) return undefined;
    const lineCode = Number(match[1]);
    if (code !== undefined && lineCode !== code) return undefined;
    code = lineCode;
    let text = match[3] ?? '';
    const status = ENHANCED.exec(text);
    // Servers repeat the enhanced code on every line; keep it once, from the first line.
    if (status && (index === 0 || status[1] === enhanced)) {
      if (index === 0) enhanced = status[1];
      text = text.slice(status[0].length);
    }
    texts.push(text.trim());
  }
  if (code === undefined) return undefined;
  return { code, ...(enhanced !== undefined && { enhanced }), text: texts.join('\n') };
}

/** Parses a reply as nodemailer reports it (`err.response`, lines joined by newlines), or `undefined`. */
export function parseReply(response: string): SmtpReply | undefined {
  const lines = response.split(/\r?\n/).filter((line) => line.length > 0);
  return lines.length > 0 ? parseReplyLines(lines) : undefined;
}

/** Makes server-sent text safe to show: one line, no control characters, at most `max` characters. */
export function cleanServerText(text: string, max = MAX_REPLY_LENGTH): string {
  const clean = text.replace(CONTROL, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** The reply as admins quote it, e.g. `535 5.7.8 Username and Password not accepted.`, on one line. */
export function formatReply(reply: SmtpReply): string {
  const head = reply.enhanced ? `${reply.code} ${reply.enhanced}` : String(reply.code);
  return cleanServerText(reply.text ? `${head} ${reply.text}` : head);
}
