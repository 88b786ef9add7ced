import { getRequestListener } from '@hono/node-server';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createSmtpSettings } from '@smtp-settings/adapter';
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
import { createNestApp } from './app.js';

let backend: Backend;
let app: INestApplication | undefined;
beforeEach(async () => {
  backend = await startBackend();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  await backend.close();
});

/** Listens on a free loopback port and calls it as `role`. */
async function listen(nest: INestApplication, role: string): Promise<Call> {
  app = nest;
  await nest.listen(0, '127.0.0.1');
  const url = (await nest.getUrl()).replace('[::1]', '127.0.0.1');
  return callAs(url, role);
}

describe('the NestJS example', () => {
  it('tests, saves and sends a notification through a Nest controller', async () => {
    const call = await listen(
      await createNestApp({ config: backend.config, publicUrl: PUBLIC_URL }),
      'admin',
    );

    const journey = await runJourney(call, backend.server);

    expectJourneyDelivered(journey, backend.server);
  });

  it("hands the adapter's hooks the request Nest's middleware saw: no admin, no settings", async () => {
    const call = await listen(
      await createNestApp({ config: backend.config, publicUrl: PUBLIC_URL }),
      'guest',
    );

    const response = await call('/api/smtp/settings');

    expect(response.status).toBe(403);
  });

  it("names the mount order when Nest's JSON parser is registered before the adapter", async () => {
    class EmptyModule {}
    Module({})(EmptyModule);
    const nest = await NestFactory.create<NestExpressApplication>(EmptyModule, {
      bodyParser: false,
      logger: false,
    });
    nest.useBodyParser('json');
    const adapter = createSmtpSettings({
      config: backend.config,
      publicUrl: PUBLIC_URL,
      authorize: () => true,
    });
    nest.use('/api/smtp', getRequestListener(adapter.fetch));
    const call = await listen(nest, 'admin');

    const response = await call('/api/smtp/settings', {
      method: 'PUT',
      headers: JSON_HEADERS,
      body: JSON.stringify({ settings: settingsFor(backend.server) }),
    });

    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('BODY_ALREADY_READ');
  });
});
