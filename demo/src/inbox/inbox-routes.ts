import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { countDuplicates, type Inbox, type InboxSummary } from './inbox.js';

// Under a minute, so proxies and the browser keep an idle stream open.
const KEEP_ALIVE_MS = 25_000;

/**
 * The Inbox panel's API: `GET /` lists summaries newest first (`{ messages, duplicates }`, each with the
 * `copy` of its Message-ID, `duplicates` counting those past the first), `GET /events` streams one `mail` event
 * per new message, `GET /:id` reads one, `DELETE /` empties the inbox. `shutdown` ends open streams
 * when the demo stops.
 *
 * @example
 * app.route('/demo/inbox', inboxRoutes(inbox, shutdown.signal));
 */
export function inboxRoutes(inbox: Inbox, shutdown: AbortSignal) {
  return new Hono()
    .use(async (c, next) => {
      await next();
      c.header('Cache-Control', 'no-store');
    })
    .get('/', (c) => {
      const messages = inbox.list();
      return c.json({ messages, duplicates: countDuplicates(messages) });
    })
    .delete('/', (c) => {
      inbox.clear();
      return c.body(null, 204);
    })
    .get('/events', (c) =>
      streamSSE(c, async (stream) => {
        const pending: InboxSummary[] = [];
        let wake: (() => void) | undefined;
        const unsubscribe = inbox.subscribe((summary) => {
          pending.push(summary);
          wake?.();
        });
        const stop = () => wake?.();
        stream.onAbort(stop);
        shutdown.addEventListener('abort', stop, { once: true });
        try {
          // Tells the client the stream is live, so it can stop polling.
          await stream.writeSSE({ event: 'ready', data: '{}' });
          while (!stream.aborted && !stream.closed && !shutdown.aborted) {
            const next = pending.shift();
            if (next) {
              await stream.writeSSE({ event: 'mail', id: next.id, data: JSON.stringify(next) });
              continue;
            }
            const woken = new Promise<void>((resolve) => {
              wake = resolve;
            });
            const timer = setTimeout(() => wake?.(), KEEP_ALIVE_MS);
            await woken;
            clearTimeout(timer);
            if (pending.length === 0 && !stream.aborted && !shutdown.aborted)
              await stream.write(': keep-alive\n\n');
          }
        } finally {
          unsubscribe();
          shutdown.removeEventListener('abort', stop);
        }
      }),
    )
    .get('/:id', (c) => {
      const message = inbox.get(c.req.param('id'));
      if (!message)
        return c.json({ error: { code: 'NOT_FOUND', message: 'No such message in the inbox' } }, 404);
      return c.json(message);
    });
}
