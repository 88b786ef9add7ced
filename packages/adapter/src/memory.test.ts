import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { TestResponse } from '@smtp-settings/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  basicDraft,
  capturingLogger,
  createTestApp,
  MOUNT,
  ORIGIN,
  SECRETS,
  type TestApp,
} from '../test/app-fixture.js';
import { type SmtpServerFixture, startSmtpServer } from '../test/smtp-server-fixture.js';
import { expectSocketsBackTo, openSockets } from '../test/socket-handles.js';
import { memoryStore } from './stores/memory-store.js';

const WARM_UP = 500;
const CALLS = 10_000;
// smtp-server holds every greeting back 100 ms to catch early talkers: only concurrent tests keep this short.
const CONCURRENCY = 64;

/**
 * The garbage collector, also without `--expose-gc`: Vitest has no per-file `execArgv`, and V8 exposes
 * `gc` to contexts created after the flag is set.
 */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('POST /test memory', () => {
  let server: SmtpServerFixture;
  let api: TestApp;
  let events = 0;
  const gc = collector();

  beforeAll(async () => {
    server = await startSmtpServer({
      security: 'none',
      users: { 'mailer@example.com': SECRETS.password },
      allowInsecureAuth: true,
    });
    // Counts the security events instead of keeping them in the transcript, which would grow with every test.
    const logger = {
      ...capturingLogger,
      info: () => {
        events += 1;
      },
    };
    api = createTestApp({ store: memoryStore(), testRateLimit: false, logger });
  });
  afterAll(() => server.close());

  /** Runs `count` passing tests, `CONCURRENCY` at a time, straight through the host (no transcript). */
  async function runTests(count: number): Promise<void> {
    const body = JSON.stringify({
      settings: basicDraft({ host: '127.0.0.1', port: server.port, security: 'none' }),
    });
    let started = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (started < count) {
          started += 1;
          const res = await api.host.request(`${MOUNT}/test`, {
            method: 'POST',
            headers: { Origin: ORIGIN, 'Content-Type': 'application/json' },
            body,
          });
          const result = (await res.json()) as TestResponse;
          if (!result.ok) expect.unreachable(JSON.stringify(result.error));
        }
      }),
    );
  }

  /** Heap in use once sockets have closed and two full collections ran. */
  async function settledHeap(sockets: number): Promise<number> {
    await expectSocketsBackTo(sockets, 5000);
    for (let round = 0; round < 3; round += 1) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    return process.memoryUsage().heapUsed;
  }

  it(`keeps the heap within 10 % after ${CALLS} tests against a local server`, async () => {
    const sockets = openSockets();
    await runTests(WARM_UP);
    const before = await settledHeap(sockets);
    const started = performance.now();
    await runTests(CALLS);
    const ms = performance.now() - started;
    const after = await settledHeap(sockets);
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    console.info(
      `${CALLS} tests in ${Math.round(ms)} ms; heap ${mb(before)} MB -> ${mb(after)} MB (${(((after - before) / before) * 100).toFixed(1)} %)`,
    );
    expect(after).toBeLessThanOrEqual(before * 1.1);
    expect(events).toBe(WARM_UP + CALLS);
  }, 180_000);
});
