import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { deliveriesOf } from '../../test/delivery-fixture.js';
import { spawnTypeScript } from '../../test/fresh-process.js';
import { OUTBOX_PASSWORD, OUTBOX_USER, saveSettings } from '../../test/outbox-fixture.js';
import {
  decodedHeader,
  type SmtpServerFixture,
  startSmtpServer,
  testCertificates,
} from '../../test/smtp-server-fixture.js';
import { createSmtpConfig } from '../config/smtp-config.js';
import { sqliteStore } from '../stores/sqlite-store.js';
import { createOutbox } from './create-outbox.js';

const WORKER = new URL('../../test/outbox-crash-worker.ts', import.meta.url);
const TENANTS = ['acme', 'globex', 'initech', 'umbrella', 'hooli'];
const MESSAGES = 1_000;
const KILLS = 5;
/** Messages that reach the server from a worker before it is killed. */
const ARRIVALS_PER_RUN = 150;
/** Short, so a killed worker's messages are claimed again soon; long enough that no send outlasts it on a busy machine. */
const LEASE_MS = 4_000;
/** Sends in flight at once: five tenants of at most three each can fill it. */
const CONCURRENCY = 10;

const dir = mkdtempSync(join(tmpdir(), 'smtp-settings-crash-'));
const servers: SmtpServerFixture[] = [];
const workers: ChildProcess[] = [];
afterAll(async () => {
  for (const worker of workers)
    if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
  await Promise.all(servers.map((server) => server.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('outbox crash safety', () => {
  it('loses no message when its worker process is killed with SIGKILL 5 times during a 1,000-message drain', {
    timeout: 300_000,
  }, async () => {
    const filename = join(dir, 'outbox.db');
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, testCertificates().ca);
    const secretKey = randomBytes(32).toString('base64');

    // The server kills the worker the moment the run's last message arrives, before answering it: that
    // message and the others the worker had claimed are in flight, sent or not, and none is recorded.
    let current: ChildProcess | undefined;
    let arrivals = 0;
    let killNow: ((messageId: string) => void) | undefined;
    const server = await startSmtpServer({
      security: 'tls',
      users: { [OUTBOX_USER]: OUTBOX_PASSWORD },
      onReceived: ({ raw }) => {
        arrivals += 1;
        if (killNow && arrivals >= ARRIVALS_PER_RUN) {
          current?.kill('SIGKILL');
          killNow(decodedHeader(raw, 'Message-ID') ?? '');
          killNow = undefined;
        }
      },
    });
    servers.push(server);

    const store = sqliteStore({ filename });
    const config = createSmtpConfig({ store, secretKey, smtpTls: { ca: testCertificates().ca } });
    for (const tenant of TENANTS) await saveSettings(config, tenant, server, { security: 'tls' });
    const outbox = createOutbox({ config });
    const enqueued = await Promise.all(
      Array.from({ length: MESSAGES }, (_, n) =>
        outbox.enqueue(
          { to: `reader-${n}@example.com`, subject: `Crash test message ${n}`, text: `Body ${n}` },
          { tenant: TENANTS[n % TENANTS.length] as string },
        ),
      ),
    );

    // Each worker is loaded while the one before runs (loading the sources takes seconds) and starts once that
    // one is dead, as a restarted process would.
    const loadWorker = () => {
      const child = spawnTypeScript(WORKER, {
        args: [filename, caFile, String(LEASE_MS), String(CONCURRENCY)],
        env: { OUTBOX_SECRET_KEY: secretKey },
      });
      workers.push(child);
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
      });
      child.stdout?.resume();
      const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
      const exitedEarly = exited.then(([code, signal]) => {
        throw new Error(`the worker exited by itself (${code ?? signal}): ${stderr}`);
      });
      // Awaited only while the worker should be running: a killed one's is no failure.
      exitedEarly.catch(() => undefined);
      const start = () => {
        arrivals = 0;
        current = child;
        child.stdin?.write('start\n');
      };
      return { child, exited, exitedEarly, start };
    };

    // In flight at a kill: the messages the killed worker had claimed and not recorded, read from the
    // database once it is dead (status `sending`). Only these can reach the server twice: a message is sent
    // only under a claim, and one recorded as sent is never claimed again. A claim is named by its message
    // and its time, so one that outlives a kill (its lease not yet run out) counts once, at the first.
    const claimsInFlight = new Set<string>();
    const inFlightPerKill: number[] = [];
    const killedMidSend: string[] = [];
    let next = loadWorker();
    for (let kill = 0; kill < KILLS; kill += 1) {
      const worker = next;
      worker.start();
      next = loadWorker();
      const killed = new Promise<string>((resolve) => {
        killNow = resolve;
      });
      const trigger = await Promise.race([killed, worker.exitedEarly]);
      expect((await worker.exited)[1]).toBe('SIGKILL');
      const before = claimsInFlight.size;
      const sending: string[] = [];
      for (const tenant of TENANTS) {
        for (const { messageId, updatedAt } of await deliveriesOf(store, tenant, 'sending')) {
          sending.push(messageId);
          claimsInFlight.add(`${messageId} ${updatedAt}`);
        }
      }
      // The kill hit a send in flight: the message whose arrival triggered it was never recorded.
      expect(sending, `kill ${kill + 1}`).toContain(trigger);
      killedMidSend.push(trigger);
      inFlightPerKill.push(claimsInFlight.size - before);
    }

    const last = next;
    last.start();
    await vi.waitFor(
      async () => {
        for (const tenant of TENANTS) {
          expect((await deliveriesOf(store, tenant)).filter(({ status }) => status !== 'sent')).toEqual([]);
        }
      },
      { timeout: 120_000, interval: 250 },
    );
    last.child.kill('SIGTERM');
    expect(await Promise.race([last.exited, last.exitedEarly])).toEqual([0, null]);

    const copies = new Map<string, number>();
    for (const { raw } of server.messages) {
      const id = decodedHeader(raw, 'Message-ID') ?? '';
      copies.set(id, (copies.get(id) ?? 0) + 1);
    }
    const lost = enqueued.filter(({ messageId }) => !copies.has(messageId));
    expect(lost).toEqual([]);
    expect(copies.size).toBe(MESSAGES);
    const duplicated = [...copies].filter(([, count]) => count > 1);
    const duplicates = duplicated.reduce((sum, [, count]) => sum + count - 1, 0);
    // The message that triggered each kill arrived before it, and again after.
    for (const [kill, messageId] of killedMidSend.entries()) {
      expect(copies.get(messageId), `kill ${kill + 1}`).toBeGreaterThanOrEqual(2);
    }
    expect(duplicates).toBeLessThanOrEqual(claimsInFlight.size);
    // Message by message: every extra copy comes from a claim a kill interrupted.
    const interruptedClaims = (messageId: string) =>
      [...claimsInFlight].filter((claim) => claim.startsWith(`${messageId} `)).length;
    for (const [messageId, count] of duplicated) {
      expect(count - 1, messageId).toBeLessThanOrEqual(interruptedClaims(messageId));
    }

    // The log: every message sent, and each duplicated one with an attempt that says it resumed one cut short.
    const idsByMessageId = new Map(
      enqueued.map(({ id, messageId }, n) => [
        messageId,
        { id, tenant: TENANTS[n % TENANTS.length] as string },
      ]),
    );
    for (const [messageId] of duplicated) {
      const { id, tenant } = idsByMessageId.get(messageId) ?? { id: '', tenant: '' };
      const found = await store.getDelivery(tenant, id);
      expect(found?.delivery.status).toBe('sent');
      expect(
        found?.attempts.some((attempt) => attempt.resumed === true),
        messageId,
      ).toBe(true);
    }
    await store.close();

    console.info(
      `outbox crash test: ${MESSAGES} messages, ${KILLS} kills, ${lost.length} lost, ${duplicates} duplicates, ` +
        `${claimsInFlight.size} in flight at the kills (${inFlightPerKill.join(' + ')})`,
    );
  });
});
