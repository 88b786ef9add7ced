import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SmtpServerFixture,
  startSmtpServer,
  testCertificates,
} from '../../packages/adapter/test/smtp-server-fixture.js';
import { callAs, expectJourneyDelivered, PASSWORD, PUBLIC_URL, runJourney, USER } from '../test/journey.js';
import { buildNextApp, type NextApp, startNextApp } from './test/next-app.js';

let server: SmtpServerFixture;
let data: string;
let app: NextApp;
beforeAll(async () => {
  // The build reads the adapter from node_modules, that is its dist/ (`npm run build`), not the sources.
  // It runs without the SMTP_SETTINGS_* variables: a build machine need not know the key.
  await buildNextApp();
  server = await startSmtpServer({ security: 'starttls', users: { [USER]: PASSWORD } });
  data = mkdtempSync(join(tmpdir(), 'smtp-settings-next-'));
  // What a deployment sets; lib/smtp.ts reads it on the first request.
  app = await startNextApp({
    SMTP_SETTINGS_KEY: randomBytes(32).toString('base64'),
    SMTP_SETTINGS_DB: join(data, 'smtp-settings.db'),
    SMTP_SETTINGS_CA: testCertificates().ca,
    SMTP_SETTINGS_PUBLIC_URL: PUBLIC_URL,
  });
}, 180_000);
afterAll(async () => {
  await app?.close();
  await server?.close();
  if (data) rmSync(data, { recursive: true, force: true });
});

describe('the Next.js App Router example, built by next build and served by next start', () => {
  it('tests with the stages streamed, saves, and sends a notification through its route handlers', async () => {
    const journey = await runJourney(callAs(app.url, 'admin'), server);

    expectJourneyDelivered(journey, server);
  });

  it('answers its JSON 404 for a path under the base path that it does not have', async () => {
    const response = await callAs(app.url, 'admin')('/api/smtp/nowhere');

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'Not found', messageKey: 'error.notFound' },
    });
  });

  it('asks the host who is an admin', async () => {
    const response = await callAs(app.url, 'guest')('/api/smtp/settings');

    expect(response.status).toBe(403);
  });
});
