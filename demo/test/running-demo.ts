/**
 * A whole demo for tests: `startDemo` on free ports with a temp data folder and a tiny stand-in for
 * the Vite build, plus the requests a page would make.
 *
 * @module
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackoffOptions } from '@smtp-settings/adapter';
import type { DeliveryDetailResponse, DeliveryStatus, TestResponse } from '@smtp-settings/schema';
import { vi } from 'vitest';
import { type RunningDemo, startDemo } from '../src/start-demo.js';

/** A demo started for one test, and how to talk to it. */
export interface TestDemo {
  /** The running demo. */
  demo: RunningDemo;
  /** Its data folder. */
  dataDir: string;
  /** Every response body the test read through {@link TestDemo.request}, for secret scans. */
  bodies: string[];
  /** Fetches `path` on the demo as its own page would (same-origin `Origin` on writes), recording the body. */
  request(
    path: string,
    init?: RequestInit & { json?: unknown },
  ): Promise<{ status: number; headers: Headers; body: string; json<T>(): T }>;
  /** Basic settings for the dev mail server with `password`. */
  basicSettings(password?: unknown): Record<string, unknown>;
  /** Tests `settings` (sending to `sendTo` when given) and saves them with the receipt; returns the test result. */
  testAndSave(settings: Record<string, unknown>): Promise<TestResponse>;
  /** Waits until outbox message `id` shows `status` in the adapter's delivery log (at most 15 s), and answers its record. */
  deliveryOnceItIs(id: string, status: DeliveryStatus): Promise<DeliveryDetailResponse>;
  /** Stops the demo and removes its folders. */
  close(): Promise<void>;
}

/** The stand-in build: an index page, a React page and one asset. */
export const WEB_FILES = {
  'index.html':
    '<!doctype html><title>smtp-settings demo</title><script type="module" src="/assets/app-1234.js"></script>',
  'react.html': '<!doctype html><title>React page</title>',
  'assets/app-1234.js': 'console.log("demo");\n',
} as const;

/** Options of {@link startTestDemo}. */
export interface TestDemoOptions {
  /** Whether to serve the stand-in build; defaults to `true`. */
  withWeb?: boolean;
  /** The outbox's waits between attempts; defaults to the demo's own. */
  backoff?: BackoffOptions;
}

/**
 * Starts a demo with local OAuth on free ports.
 *
 * @example
 * const t = await startTestDemo();
 * try { expect((await t.request('/demo/info')).status).toBe(200); } finally { await t.close(); }
 */
export async function startTestDemo({ withWeb = true, backoff }: TestDemoOptions = {}): Promise<TestDemo> {
  const tempDir = mkdtempSync(join(tmpdir(), 'smtp-settings-demo-'));
  // Like demo/.data on a fresh clone: the folder does not exist yet.
  const dataDir = join(tempDir, 'fresh-clone', '.data');
  const webDir = join(tempDir, 'web');
  if (withWeb) {
    for (const [name, content] of Object.entries(WEB_FILES)) {
      mkdirSync(join(webDir, name, '..'), { recursive: true });
      writeFileSync(join(webDir, name), content);
    }
  }
  const demo = await startDemo({
    dataDir,
    port: 0,
    smtpPort: 0,
    oauth: 'local',
    webDir,
    ...(backoff && { backoff }),
  });
  const bodies: string[] = [];

  const request: TestDemo['request'] = async (path, init = {}) => {
    const { json, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (json !== undefined) headers.set('Content-Type', 'application/json');
    if (rest.method && rest.method !== 'GET') headers.set('Origin', demo.url);
    const response = await fetch(new URL(path, demo.url), {
      redirect: 'manual',
      ...rest,
      headers,
      ...(json !== undefined && { body: JSON.stringify(json) }),
    });
    const body = await response.text();
    bodies.push(body);
    return { status: response.status, headers: response.headers, body, json: <T>() => JSON.parse(body) as T };
  };

  const basicSettings = (password: unknown = demo.smtp.password) => ({
    authType: 'basic',
    host: demo.smtp.host,
    port: demo.smtp.port,
    security: 'starttls',
    username: demo.smtp.user,
    password,
    fromEmail: 'notifications@demo.example',
    fromName: 'Demo notifications',
  });

  const testAndSave = async (settings: Record<string, unknown>) => {
    const tested = (
      await request('/api/smtp/test', { method: 'POST', json: { settings } })
    ).json<TestResponse>();
    if (!tested.ok) throw new Error(`The test failed: ${JSON.stringify(tested.error)}`);
    const current = (await request('/api/smtp/settings')).json<{ version: number }>();
    const saved = await request('/api/smtp/settings', {
      method: 'PUT',
      json: { settings, receipt: tested.receipt },
      ...(current.version > 0 && { headers: { 'If-Match': `"${current.version}"` } }),
    });
    if (saved.status !== 200) throw new Error(`Saving answered ${saved.status}: ${saved.body}`);
    return tested;
  };

  const deliveryOnceItIs = (id: string, status: DeliveryStatus) =>
    vi.waitFor(
      async () => {
        const detail = (await request(`/api/smtp/deliveries/${id}`)).json<DeliveryDetailResponse>();
        if (detail.delivery?.status !== status) {
          throw new Error(`Delivery ${id} is ${JSON.stringify(detail.delivery ?? detail)}, not ${status}`);
        }
        return detail;
      },
      { timeout: 15_000, interval: 50 },
    );

  return {
    demo,
    dataDir,
    bodies,
    request,
    basicSettings,
    testAndSave,
    deliveryOnceItIs,
    close: async () => {
      await demo.close();
      rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
