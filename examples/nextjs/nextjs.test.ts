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
import {
  type Call,
  expectJourneyDelivered,
  ORIGIN,
  PASSWORD,
  PUBLIC_URL,
  runJourney,
  USER,
} from '../test/journey.js';

// No `next build` here (Next.js is a large install and a slow build): the route modules are what Next.js
// calls, so they are imported as they are and handed Web Requests, as Next.js hands them NextRequests.
type Handler = (request: Request) => Promise<Response>;
type RouteModule = Partial<Record<'GET' | 'POST' | 'PUT' | 'DELETE', Handler>>;

let server: SmtpServerFixture;
let data: string;
let smtpRoute: RouteModule;
let notifyRoute: RouteModule;
beforeAll(async () => {
  server = await startSmtpServer({ security: 'starttls', users: { [USER]: PASSWORD } });
  data = mkdtempSync(join(tmpdir(), 'smtp-settings-next-'));
  // What a deployment sets; lib/smtp.ts reads it when the route modules first load.
  process.env.SMTP_SETTINGS_KEY = randomBytes(32).toString('base64');
  process.env.SMTP_SETTINGS_DB = join(data, 'smtp-settings.db');
  process.env.SMTP_SETTINGS_CA = testCertificates().ca;
  process.env.SMTP_SETTINGS_PUBLIC_URL = PUBLIC_URL;
  smtpRoute = await import('./app/api/smtp/[...path]/route.js');
  notifyRoute = await import('./app/notify/route.js');
});
afterAll(async () => {
  const { smtpConfig } = await import('./lib/smtp.js');
  await smtpConfig.store.close();
  await server.close();
  rmSync(data, { recursive: true, force: true });
});

/** Calls the route module Next.js would pick for the path, with the method's export. */
function call(role: string): Call {
  return (path, init) => {
    const request = new Request(`${ORIGIN}${path}`, {
      ...init,
      headers: { 'X-Role': role, ...init?.headers },
    });
    const route = path.startsWith('/api/smtp/') ? smtpRoute : notifyRoute;
    const handler = route[request.method as keyof RouteModule];
    if (!handler) return Promise.resolve(new Response(null, { status: 405 }));
    return handler(request);
  };
}

describe('the Next.js App Router example', () => {
  it('tests with the stages streamed, saves, and sends a notification through its route handlers', async () => {
    const journey = await runJourney(call('admin'), server);

    expectJourneyDelivered(journey, server);
  });

  it('answers its JSON 404 for a path under the base path that it does not have', async () => {
    const response = await call('admin')('/api/smtp/nowhere');

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'Not found', messageKey: 'error.notFound' },
    });
  });

  it('asks the host who is an admin', async () => {
    const response = await call('guest')('/api/smtp/settings');

    expect(response.status).toBe(403);
  });
});
