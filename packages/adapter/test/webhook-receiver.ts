/**
 * A webhook receiver on 127.0.0.1 and a free port for the alert tests: it keeps every request and
 * answers as the test scripts it, including not at all.
 *
 * @module
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the receiver got. */
export interface ReceivedWebhook {
  /** Its headers, names in lower case. */
  headers: IncomingHttpHeaders;
  /** Its body as sent. */
  body: string;
}

/** How to answer a request: a status with headers, or `'silent'` for no answer at all. */
export type WebhookAnswer = { status: number; headers?: Record<string, string> } | 'silent';

/** A running receiver. */
export interface WebhookReceiver {
  /** Its URL, `http://127.0.0.1:<port>/hooks/smtp?token=…` (the query string stands for one a host might use). */
  url: string;
  /** Every request so far, in order. */
  requests: ReceivedWebhook[];
  /** Stops it, cutting silent requests off. */
  close(): Promise<void>;
}

/** Starts a receiver answering request number `n` (1 for the first) with `answer(n)`; 204 by default. */
export async function startWebhookReceiver(
  answer: (n: number) => WebhookAnswer = () => ({ status: 204 }),
): Promise<WebhookReceiver> {
  const requests: ReceivedWebhook[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const reply = answer(requests.length);
      if (reply === 'silent') return;
      response.writeHead(reply.status, reply.headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/smtp?token=query-token-never-logged`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
