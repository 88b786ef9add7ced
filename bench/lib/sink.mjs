/**
 * The SMTP server the throughput benchmarks send to, and what both sides of a comparison share about it:
 * an smtp-server that requires AUTH (PLAIN over a plain connection, so TLS's cost stays out of a comparison
 * of the mailer's own work; XOAUTH2 with any access token, which the benches' OAuth mock issued), accepts
 * and discards every message, counting them, the XOAUTH2 logins and the most connections open at once. It runs in a child process (this module run as a script), so the server does not compete
 * with the clients for one event loop; `startSink()` starts it and answers its client.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createSmtpSettings } from '@smtp-settings/adapter';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { startDelayProxy } from './delay-proxy.mjs';

/** The address the sink listens on. */
export const HOST = '127.0.0.1';
/** The login the sink accepts. */
export const USER = 'mailer@example.com';
/** The password the sink accepts. */
export const PASSWORD = 'bench-Pa55word';
/** The sender of every message. */
export const FROM = { name: 'Bench App', address: 'notifications@example.com' };
/** The message every bench sends. */
export const MESSAGE = {
  to: 'qa-lead@example.com',
  subject: 'Test case TC-42 was updated',
  text: 'Test case TC-42 was updated by Dana: new expected result for step 3.',
};
/** The mailer's own pool defaults, so raw nodemailer differs from the mailer and the outbox only in their own work. */
export const POOL = {
  pool: true,
  maxConnections: 5,
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
};

/**
 * Runs in the child process: an SMTP server that requires a login, counts what it accepts and the most
 * connections open at once. With `SINK_LATENCY_MS`, it answers each message's data that much later, as a
 * server elsewhere takes time to accept a message, without spending CPU on the wait; with `SINK_RTT_MS`,
 * it is reached through a proxy that delays everything by that round trip.
 */
async function runSink() {
  const latencyMs = Number(process.env.SINK_LATENCY_MS ?? 0);
  const rttMs = Number(process.env.SINK_RTT_MS ?? 0);
  let received = 0;
  /** The count a `{ until }` command waits for: answered from `onData`, so the clients never poll. */
  let waitingFor;
  const open = new Set();
  let peak = 0;
  let oauthLogins = 0;
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 100,
    onConnect(session, callback) {
      open.add(session.id);
      peak = Math.max(peak, open.size);
      callback();
    },
    onClose(session) {
      open.delete(session.id);
    },
    onAuth(auth, _session, callback) {
      if (auth.method === 'XOAUTH2' && auth.accessToken) {
        oauthLogins += 1;
        return callback(null, { user: auth.username });
      }
      if (auth.username === USER && auth.password === PASSWORD) return callback(null, { user: USER });
      callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onData(stream, _session, callback) {
      stream.on('end', async () => {
        if (latencyMs > 0) await sleep(latencyMs);
        received += 1;
        callback();
        if (waitingFor !== undefined && received >= waitingFor) {
          waitingFor = undefined;
          process.send({ received });
        }
      });
      stream.resume();
    },
  });
  await new Promise((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.server.address();
  const proxy = rttMs > 0 ? await startDelayProxy({ host: HOST, port, rttMs }) : undefined;
  process.send({ port: proxy?.port ?? port });
  process.on('message', (command) => {
    if (typeof command === 'object') {
      if (received >= command.until) process.send({ received });
      else waitingFor = command.until;
      return;
    }
    if (command === 'count') {
      process.send({ received });
      return;
    }
    if (command === 'peak') {
      process.send({ received, peak, oauthLogins });
      peak = open.size;
      return;
    }
    process.send({ received, peak });
    server.close(() => process.exit(0));
  });
}

/**
 * Starts the sink in a child process and answers its client; `latencyMs` delays each message's answer,
 * `rttMs` everything the clients and the sink send each other (half each way).
 */
export async function startSink({ latencyMs = 0, rttMs = 0 } = {}) {
  const child = fork(fileURLToPath(import.meta.url), {
    env: { ...process.env, SINK_LATENCY_MS: String(latencyMs), SINK_RTT_MS: String(rttMs) },
  });
  const [{ port }] = await once(child, 'message');
  const ask = async (command) => {
    child.send(command);
    const [answer] = await once(child, 'message');
    return answer;
  };
  return {
    port,
    /** The child's process id, to read its CPU time. */
    pid: child.pid,
    /** Ends the child if it is still running, e.g. after a failed run. */
    kill: () => child.exitCode === null && child.kill(),
    /** What it received, its XOAUTH2 logins, and the most connections open at once since the last time this was asked. */
    peak: () => ask('peak'),
    /** How many messages it received. */
    received: async () => (await ask('count')).received,
    /** Resolves once it received `count` messages in all. */
    until: (count) => ask({ until: count }),
    /** Stops the sink; answers what it received and the most connections open at once since the last `peak()`. */
    async stop() {
      const answer = await ask('stop');
      await once(child, 'exit');
      return answer;
    },
  };
}

/** A raw pooled nodemailer transport to the sink on `port`, with the mailer's pool settings (or `pool`'s) and the sink's login. */
export function rawTransport(port, pool = {}) {
  return nodemailer.createTransport({
    ...POOL,
    ...pool,
    host: HOST,
    port,
    secure: false,
    ignoreTLS: true,
    auth: { user: USER, pass: PASSWORD },
  });
}

/**
 * Saves Basic settings for the sink on `port` through the settings routes, as an admin would, so the
 * password is sealed; `options` are the routes' own (`store` and `secretKey`, or `config` and `tenant`).
 */
export async function seed(port, options) {
  const api = createSmtpSettings({
    ...options,
    publicUrl: 'http://127.0.0.1/api/smtp',
    authorize: () => true,
    requireTestBeforeSave: false,
  });
  const settings = {
    authType: 'basic',
    host: HOST,
    port,
    security: 'none',
    username: USER,
    password: PASSWORD,
    fromEmail: FROM.address,
    fromName: FROM.name,
  };
  const saved = await api.request('/settings', {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ settings }),
  });
  if (saved.status !== 200)
    throw new Error(`Saving the settings failed: ${saved.status} ${await saved.text()}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runSink();
