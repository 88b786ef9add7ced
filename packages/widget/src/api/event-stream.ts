/** One event of a `text/event-stream` body. */
export interface ServerSentEvent {
  /** The `event:` field, `message` when the server sent none. */
  event: string;
  /** The `data:` lines joined with newlines. */
  data: string;
}

/**
 * Parses a `text/event-stream` body incrementally, as the HTML standard's event stream interpretation
 * does: lines end with CRLF, LF or CR (also across chunk boundaries), a blank line dispatches the
 * event, `:` starts a comment, and an event cut off by the end of the stream is dropped.
 *
 * @example
 * ```ts
 * for await (const { event, data } of readEventStream(response.body)) console.log(event, JSON.parse(data));
 * ```
 */
export async function* readEventStream(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let first = true;
  let event = '';
  let data: string[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      if (first && buffer.length > 0) {
        if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
        first = false;
      }
      let start = 0;
      for (;;) {
        const end = lineEnd(buffer, start);
        // A CR as the last character may be the first half of a CRLF that the next chunk completes.
        if (end === -1 || (buffer[end] === '\r' && end === buffer.length - 1 && !done)) break;
        const line = buffer.slice(start, end);
        start = end + (buffer[end] === '\r' && buffer[end + 1] === '\n' ? 2 : 1);
        if (line === '') {
          if (data.length > 0) yield { event: event || 'message', data: data.join('\n') };
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const raw = colon === -1 ? '' : line.slice(colon + 1);
        const fieldValue = raw.startsWith(' ') ? raw.slice(1) : raw;
        if (field === 'event') event = fieldValue;
        else if (field === 'data') data.push(fieldValue);
      }
      buffer = buffer.slice(start);
      if (done) return;
    }
  } finally {
    // Stopping early (a `break` in the consumer) must not leave the response body locked and downloading.
    await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

function lineEnd(text: string, from: number): number {
  const lf = text.indexOf('\n', from);
  const cr = text.indexOf('\r', from);
  if (lf === -1) return cr;
  if (cr === -1) return lf;
  return Math.min(lf, cr);
}
