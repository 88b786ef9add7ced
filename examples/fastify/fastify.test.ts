import { getRequestListener } from '@hono/node-server';
import { createSmtpSettings } from '@smtp-settings/adapter';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Backend,
  type Call,
  callAs,
  expectJourneyDelivered,
  JSON_HEADERS,
  PUBLIC_URL,
  runJourney,
  settingsFor,
  startBackend,
} from '../test/journey.js';
import { createFastifyApp } from './app.js';

let backend: Backend;
let app: FastifyInstance | undefined;
beforeEach(async () => {
  backend = await startBackend();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  await backend.close();
});

/** Listens on a free loopback port and calls it as an admin. */
async function listen(fastify: FastifyInstance): Promise<Call> {
  app = fastify;
  const address = await fastify.listen({ port: 0, host: '127.0.0.1' });
  return callAs(address, 'admin');
}

describe('the Fastify example', () => {
  it('tests with the stages streamed through Fastify, saves, and sends a notification', async () => {
    const call = await listen(createFastifyApp({ config: backend.config, publicUrl: PUBLIC_URL }));

    const journey = await runJourney(call, backend.server);

    expectJourneyDelivered(journey, backend.server);
  });

  it("hands the adapter's hooks the Fastify request: no admin, no settings", async () => {
    const call = await listen(createFastifyApp({ config: backend.config, publicUrl: PUBLIC_URL }));

    const response = await call('/api/smtp/settings', { headers: { 'X-Role': 'guest' } });

    expect(response.status).toBe(403);
  });

  it("names the mount order when Fastify's own JSON parser read the body first", async () => {
    const adapter = createSmtpSettings({
      config: backend.config,
      publicUrl: PUBLIC_URL,
      authorize: () => true,
    });
    const listener = getRequestListener(adapter.fetch);
    const fastify = Fastify();
    fastify.put('/settings', (request, reply) => {
      reply.hijack();
      void listener(request.raw, reply.raw);
    });
    const call = await listen(fastify);

    const response = await call('/settings', {
      method: 'PUT',
      headers: JSON_HEADERS,
      body: JSON.stringify({ settings: settingsFor(backend.server) }),
    });

    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('BODY_ALREADY_READ');
  });
});
