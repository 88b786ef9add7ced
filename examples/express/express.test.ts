import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createSmtpSettings } from '@smtp-settings/adapter';
import express from 'express';
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
import { createExpressApp } from './app.js';

let backend: Backend;
let server: Server | undefined;
beforeEach(async () => {
  backend = await startBackend();
});
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
  await backend.close();
});

/** Listens on a free loopback port and calls it as an admin. */
async function listen(app: express.Express): Promise<Call> {
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return callAs(`http://127.0.0.1:${port}`, 'admin');
}

describe('the Express example', () => {
  it('tests, saves and sends a notification through the adapter mounted before express.json()', async () => {
    const call = await listen(createExpressApp({ config: backend.config, publicUrl: PUBLIC_URL }));

    const journey = await runJourney(call, backend.server);

    expectJourneyDelivered(journey, backend.server);
  });

  it("hands the adapter's hooks the Express request: no admin, no settings", async () => {
    const call = await listen(createExpressApp({ config: backend.config, publicUrl: PUBLIC_URL }));

    const response = await call('/api/smtp/settings', { headers: { 'X-Role': 'guest' } });

    expect(response.status).toBe(403);
  });

  it('names the mount order when express.json() read the body first', async () => {
    const adapter = createSmtpSettings({
      config: backend.config,
      publicUrl: PUBLIC_URL,
      authorize: () => true,
    });
    const call = await listen(
      express().use(express.json()).use('/api/smtp', getRequestListener(adapter.fetch)),
    );

    const response = await call('/api/smtp/settings', {
      method: 'PUT',
      headers: JSON_HEADERS,
      body: JSON.stringify({ settings: settingsFor(backend.server) }),
    });

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: {
        code: 'BODY_ALREADY_READ',
        message: expect.stringContaining('before any body parser (express.json()'),
        messageKey: 'error.bodyAlreadyRead',
      },
    });
  });

  it('still reads a body a parser kept as req.rawBody', async () => {
    const adapter = createSmtpSettings({
      config: backend.config,
      publicUrl: PUBLIC_URL,
      authorize: () => true,
      requireTestBeforeSave: false,
    });
    const keepRaw = express.json({ verify: (req, _res, raw) => Object.assign(req, { rawBody: raw }) });
    const call = await listen(express().use(keepRaw).use('/api/smtp', getRequestListener(adapter.fetch)));

    const response = await call('/api/smtp/settings', {
      method: 'PUT',
      headers: JSON_HEADERS,
      body: JSON.stringify({ settings: settingsFor(backend.server) }),
    });

    expect(response.status).toBe(200);
  });
});
