import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { MetaResponse, SettingsResponse, TestResponse } from '@smtp-settings/schema';
import { createTransport } from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestDemo, type TestDemo, WEB_FILES } from '../test/running-demo.js';
import type { InboxSummary } from './inbox/inbox.js';
import { LOCAL_ACCOUNTS, LOCAL_CLIENTS } from './local-oauth/local-providers.js';
import { startDemo } from './start-demo.js';

describe('startDemo', () => {
  let t: TestDemo;
  beforeEach(async () => {
    t = await startTestDemo();
  });
  afterEach(() => t.close());

  it('serves the Vite build: pages, assets with their content types, 404 for anything else', async () => {
    const index = await t.request('/');
    expect(index.status).toBe(200);
    expect(index.body).toBe(WEB_FILES['index.html']);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(index.headers.get('cross-origin-opener-policy')).toBeNull();

    const react = await t.request('/react.html');
    expect(react.body).toBe(WEB_FILES['react.html']);
    const script = await t.request('/assets/app-1234.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.headers.get('cache-control')).toContain('immutable');

    for (const path of ['/vue.html', '/assets/missing.js', '/demo/unknown', '/assets']) {
      expect((await t.request(path)).status, path).toBe(404);
    }
    // The secret key sits next to the build folder in this test: an encoded `..` must not reach it.
    const escaped = await t.request('/..%2ffresh-clone%2f.data%2fsecret.key');
    expect(escaped.status).toBe(404);
    expect(escaped.body).not.toContain(readFileSync(join(t.dataDir, 'secret.key'), 'utf8').trim());
  });

  it('explains how to build the pages when the build is missing, while the API works', async () => {
    const bare = await startTestDemo({ withWeb: false });
    try {
      const index = await bare.request('/');
      expect(index.status).toBe(503);
      expect(index.body).toContain('npm run build -w @smtp-settings/demo');
      expect((await bare.request('/api/smtp/meta')).status).toBe(200);
    } finally {
      await bare.close();
    }
  });

  it('tells the page where the dev mail server is and which accounts the local providers sign in', async () => {
    const info = (await t.request('/demo/info')).json<Record<string, unknown>>();
    expect(info).toEqual({
      smtp: {
        host: '127.0.0.1',
        port: t.demo.smtp.port,
        security: 'starttls',
        user: 'demo',
        password: 'demo-password',
      },
      oauth: {
        mode: 'local',
        accounts: LOCAL_ACCOUNTS,
        clients: {
          microsoft: {
            clientId: expect.any(String),
            clientSecret: expect.any(String),
            tenantId: expect.any(String),
          },
          google: {
            clientId: expect.stringMatching(/\.apps\.googleusercontent\.com$/),
            clientSecret: expect.any(String),
          },
        },
      },
    });
    expect(t.demo.smtp.port).toBeGreaterThan(0);
    expect(t.demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('keeps its secret key and certificate across restarts, so saved passwords still open', async () => {
    await t.testAndSave(t.basicSettings());
    expect(statSync(join(t.dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    const ca = readFileSync(join(t.dataDir, 'tls', 'ca.crt'), 'utf8');
    await t.demo.close();

    const again = await startDemo({
      dataDir: t.dataDir,
      port: 0,
      smtpPort: t.demo.smtp.port,
      oauth: 'local',
    });
    try {
      expect(readFileSync(join(t.dataDir, 'tls', 'ca.crt'), 'utf8')).toBe(ca);
      const post = (path: string, body: unknown) =>
        fetch(`${again.url}${path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: again.url },
          body: JSON.stringify(body),
        });
      // Testing with the kept password proves this run decrypted it with the same generated key.
      const retested = (await (
        await post('/api/smtp/test', { settings: t.basicSettings({ keep: true }) })
      ).json()) as TestResponse;
      expect(retested.ok).toBe(true);
      const saved = (await (await fetch(`${again.url}/api/smtp/settings`)).json()) as SettingsResponse;
      expect(saved.settings).toMatchObject({ password: { set: true } });
    } finally {
      await again.close();
    }
  });

  it('keeps a notification it could not deliver across a restart, and the next run delivers it', async () => {
    await t.testAndSave(t.basicSettings());
    await t.request('/demo/smtp/outage', { method: 'POST', json: { down: true } });
    const { id } = (await t.request('/demo/notify', { method: 'POST', json: {} })).json<{ id: string }>();
    await t.deliveryOnceItIs(id, 'retrying');
    await t.demo.close();

    const again = await startDemo({
      dataDir: t.dataDir,
      port: 0,
      smtpPort: t.demo.smtp.port,
      oauth: 'local',
      backoff: { initialMs: 100 },
    });
    try {
      await vi.waitFor(
        async () => {
          const { messages } = (await (await fetch(`${again.url}/demo/inbox`)).json()) as {
            messages: Array<{ subject: string }>;
          };
          expect(messages.map(({ subject }) => subject)).toEqual(['Test case TC-42 was updated']);
        },
        { timeout: 15_000, interval: 100 },
      );
      const detail = (await (await fetch(`${again.url}/api/smtp/deliveries/${id}`)).json()) as {
        delivery: { status: string };
      };
      expect(detail.delivery.status).toBe('sent');
    } finally {
      await again.close();
    }
  });

  it('runs a local Graph that delivers into the inbox with a token of the local Microsoft, and fails on demand', async () => {
    const { url: graphUrl, tokenUrl } = t.demo.graph ?? { url: '', tokenUrl: '' };
    const { clientId, clientSecret } = LOCAL_CLIENTS.microsoft;
    const minted = await fetch(tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        scope: `${graphUrl}/.default`,
      }),
    });
    const { access_token: token } = (await minted.json()) as { access_token: string };
    const mime =
      'From: notifications@contoso.example\r\nTo: admin@demo.example\r\nSubject: Through Graph\r\nMessage-ID: <graph-1@contoso.example>\r\n\r\nHello\r\n';
    const sendMail = (bearer: string) =>
      fetch(`${graphUrl}/v1.0/users/${LOCAL_ACCOUNTS.microsoft}/sendMail`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'text/plain' },
        body: Buffer.from(mime).toString('base64'),
      });

    expect((await sendMail('forged')).status).toBe(401);
    expect((await sendMail(token)).status).toBe(202);
    const { messages } = (await t.request('/demo/inbox')).json<{ messages: InboxSummary[] }>();
    expect(messages).toEqual([
      expect.objectContaining({
        subject: 'Through Graph',
        messageId: '<graph-1@contoso.example>',
        to: ['admin@demo.example'],
      }),
    ]);

    const failing = await t.request('/demo/graph/failure', {
      method: 'POST',
      json: { failing: true, mode: 'unavailable' },
    });
    expect(failing.json()).toMatchObject({ failing: true, mode: 'unavailable' });
    expect((await sendMail(token)).status).toBe(503);
  });

  it('lets the dev mail server take an Application sign-in token for the demo mailbox over XOAUTH2, but not a Graph one', async () => {
    const { url: graphUrl, tokenUrl } = t.demo.graph ?? { url: '', tokenUrl: '' };
    const { clientId, clientSecret } = LOCAL_CLIENTS.microsoft;
    const appToken = async (scope: string) => {
      const body = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        scope,
      });
      return ((await (await fetch(tokenUrl, { method: 'POST', body })).json()) as { access_token: string })
        .access_token;
    };
    const verify = async (accessToken: string) => {
      const transport = createTransport({
        host: t.demo.smtp.host,
        port: t.demo.smtp.port,
        requireTLS: true,
        tls: { ca: readFileSync(join(t.dataDir, 'tls', 'ca.crt'), 'utf8') },
        auth: { type: 'OAuth2', user: LOCAL_ACCOUNTS.microsoft, accessToken },
      });
      try {
        return await transport.verify();
      } finally {
        transport.close();
      }
    };
    await expect(verify(await appToken('https://outlook.office365.com/.default'))).resolves.toBe(true);
    await expect(verify(await appToken(`${graphUrl}/.default`))).rejects.toMatchObject({ code: 'EAUTH' });
  });

  it('in real OAuth mode serves no consent page and says so in /demo/info', async () => {
    const real = await startDemo({ dataDir: join(t.dataDir, 'real'), port: 0, smtpPort: 0, oauth: 'real' });
    try {
      const info = (await (await fetch(`${real.url}/demo/info`)).json()) as { oauth: unknown };
      expect(info.oauth).toEqual({ mode: 'real', accounts: {} });
      expect((await fetch(`${real.url}/demo/oauth/google/authorize`)).status).toBe(404);
      expect(real.graph).toBeUndefined();
      expect((await fetch(`${real.url}/demo/graph/failure`)).status).toBe(404);
      // The redirect URIs to register: Microsoft takes plain http only on localhost.
      expect(real.url).toMatch(/^http:\/\/localhost:\d+$/);
      const meta = (await (await fetch(`${real.url}/api/smtp/meta`)).json()) as MetaResponse;
      expect(meta.redirectUris.microsoft).toBe(`${real.url}/api/smtp/oauth/microsoft/callback`);
    } finally {
      await real.close();
    }
  });

  it('never answers or logs the admin’s password', async () => {
    const password = 'demo-password';
    const logged = vi.spyOn(console, 'log');
    const warned = vi.spyOn(console, 'warn');
    const errored = vi.spyOn(console, 'error');
    try {
      await t.testAndSave(t.basicSettings());
      await t.request('/api/smtp/settings');
      await t.request('/api/smtp/meta');
      await t.request('/api/smtp/test', {
        method: 'POST',
        json: { settings: t.basicSettings('wrong-password') },
      });
      const queued = await t.request('/demo/notify', { method: 'POST', json: {} });
      await t.deliveryOnceItIs(queued.json<{ id: string }>().id, 'sent');
      const [latest] = (await t.request('/demo/inbox')).json<{ messages: Array<{ id: string }> }>().messages;
      await t.request(`/demo/inbox/${latest?.id}`);
      expect(t.bodies.length).toBeGreaterThan(5);
      for (const body of t.bodies) {
        expect(body).not.toContain(password);
        expect(body).not.toContain('wrong-password');
      }
      for (const spy of [logged, warned, errored]) {
        expect(JSON.stringify(spy.mock.calls)).not.toContain(password);
      }
    } finally {
      vi.restoreAllMocks();
    }
  });
});
