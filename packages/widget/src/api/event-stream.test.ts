import { expect } from '@open-wc/testing';
import { readEventStream, type ServerSentEvent } from './event-stream.js';

function streamOf(chunks: Array<string | Uint8Array>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks)
        controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      controller.close();
    },
  });
}

async function collect(chunks: Array<string | Uint8Array>): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of readEventStream(streamOf(chunks))) events.push(event);
  return events;
}

describe('readEventStream', () => {
  it('reads named events and defaults the name to message', async () => {
    expect(await collect(['event: stage\ndata: {"a":1}\n\ndata: plain\n\n'])).to.deep.equal([
      { event: 'stage', data: '{"a":1}' },
      { event: 'message', data: 'plain' },
    ]);
  });

  it('reassembles events split anywhere across chunks, even inside a character', async () => {
    const bytes = new TextEncoder().encode('event: result\ndata: {"name":"Zoë"}\n\n');
    const chunks = Array.from(bytes, (byte) => Uint8Array.of(byte));
    expect(await collect(chunks)).to.deep.equal([{ event: 'result', data: '{"name":"Zoë"}' }]);
  });

  it('treats CRLF, LF and CR as line ends, also when CRLF straddles two chunks', async () => {
    expect(await collect(['event: a\r', '\ndata: 1\r', '\n\r', '\nevent: b\rdata: 2\r\r'])).to.deep.equal([
      { event: 'a', data: '1' },
      { event: 'b', data: '2' },
    ]);
  });

  it('joins data lines, skips comments and unknown fields, and strips a byte order mark', async () => {
    expect(await collect(['\uFEFF: keep-alive\nid: 7\ndata: one\ndata:two\nretry: 5\n\n'])).to.deep.equal([
      { event: 'message', data: 'one\ntwo' },
    ]);
  });

  it('drops an event the stream cut off before its blank line', async () => {
    expect(await collect(['data: whole\n\n', 'event: result\ndata: {"cut'])).to.deep.equal([
      { event: 'message', data: 'whole' },
    ]);
  });
});
