/**
 * The real adapter behind the test runner's dev server, so browser tests talk to it same-origin at
 * `/api/smtp` (no CORS, and the page's `Origin` is the adapter's trusted origin). Next to it run a
 * plain-text `smtp-server` (AUTH PLAIN/LOGIN as `admin@example.com` / `correct-password`, XOAUTH2 with
 * the last access token the OAuth mock issued) and an `oauth2-mock-server` that plays Google and
 * Microsoft and consents at once (and refuses the client secret {@link REFUSED_CLIENT_SECRET}).
 *
 * A browser test uses it through the same origin (`test/adapter-fixture.ts` wraps these):
 * - `POST /__test/reset` → 204: a new app over a new empty memory store; call it in `beforeEach`. A JSON
 *   body `{ horizonMs }` gives its outbox that retry horizon (48 hours otherwise), so mail expires soon.
 * - `GET /__test/smtp` → `{ host, port, user, password, messages, silentPort, silentConnections }`:
 *   enough for Basic settings with `security: 'none'` that pass the connection test; `messages` counts
 *   the mail it accepted. `silentPort` takes connections and never greets (a test that hangs until
 *   cancelled); `silentConnections` is how many it holds open.
 * - `POST /__test/feature` with `{ enabled }` → 204: turns the adapter's feature gate (`enabled`) off or
 *   back on; every route then answers 404, as for a host that has not switched mail settings on.
 * - `POST /__test/forget-key` → 204: a new app over the same store with a new secret key, so every saved
 *   secret is one the adapter can no longer decrypt (a host that lost or replaced its key).
 * - `POST /__test/oauth/consent` with `{ authorizeUrl }` → `{ status, location? }`: does what the
 *   sign-in popup would (the provider's redirect, then the adapter's callback) on the server side, so
 *   the flow completes without the page receiving any message; `location` is where a flow started
 *   with `returnTo` sends the browser back to.
 * - `POST /__test/outbox/enqueue` with `{ messages: [{ to, subject }] }` → `{ ids }`: hands the messages to
 *   the outbox (tenant `default`), oldest first. The outbox runs in this process, wakes every 100 ms and
 *   retries after 1 s, 2 s; the adapter wakes it on a resend.
 * - `POST /__test/smtp/refuse` with `{ reply, recipient? }` → 204: the SMTP server answers every recipient
 *   (or only `recipient`) with `reply` (e.g. `'451 4.3.0 Try again later'`, `'550 5.1.1 User unknown'`)
 *   until it is set to `null` or the harness is reset.
 * - `POST /__test/smtp/password` with `{ password }` → 204: the SMTP server accepts that password instead
 *   (and `GET /__test/smtp` tells it) until the harness is reset, as when the mailbox's password changed.
 *
 * @example
 * ```js
 * // web-test-runner.config.mjs
 * const adapter = adapterServer({ port: 8765 });
 * export default { port: 8765, middleware: [adapter.middleware], plugins: [adapter.plugin] };
 * ```
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import {
  createOutbox,
  createSmtpConfig,
  createSmtpSettings,
  DEFAULT_PRESETS,
  memoryStore,
} from '@smtp-settings/adapter';
import { Hono } from 'hono';
import { OAuth2Server } from 'oauth2-mock-server';
import { SMTPServer } from 'smtp-server';

/** Where the adapter is mounted, as a host app would do it. */
export const MOUNT = '/api/smtp';
/** The SMTP account Basic settings log in with. */
export const SMTP_USER = 'admin@example.com';
/** The password of {@link SMTP_USER}. */
export const SMTP_PASSWORD = 'correct-password';
/** The account the OAuth mock signs in (the `email` of its ID tokens). */
export const OAUTH_ACCOUNT = 'notifications@example.com';
/** A client secret the OAuth mock's token endpoint refuses with `invalid_client`. */
export const REFUSED_CLIENT_SECRET = 'refused-client-secret';

const LOOPBACK = '127.0.0.1';

/**
 * Creates the adapter harness for a dev server listening on `port` at `localhost`: a Koa `middleware`
 * for the adapter and the test routes, and a `plugin` whose `serverStart` / `serverStop` start and
 * stop the SMTP and OAuth servers.
 *
 * @param {{ port: number }} options
 */
export function adapterServer({ port }) {
  const origin = `http://localhost:${port}`;
  /** @type {{ smtp: SMTPServer; smtpPort: number; silent: ReturnType<typeof startSilent>; silentPort: number; oauth: { port: number; stop(): Promise<void> }; oauthUrl: string } | undefined} */
  let servers;
  /** @type {Promise<void> | undefined} */
  let starting;
  /** @type {Hono | undefined} */
  let app;
  /** @type {import('@smtp-settings/adapter').Outbox | undefined} */
  let outbox;
  let store = memoryStore();
  let messages = 0;
  /** @type {string | null} */
  let refusal = null;
  /** @type {string | undefined} */
  let refusedRecipient;
  let horizonMs = 48 * 3_600_000;
  let smtpPassword = SMTP_PASSWORD;
  let enabled = true;
  /** @type {string | undefined} */
  let latestAccessToken;

  const start = () => {
    starting ??= (async () => {
      const oauth = await startOAuthMock((token) => {
        latestAccessToken = token;
      });
      const smtp = startSmtp({
        accessToken: () => latestAccessToken,
        refusal: (address) =>
          refusedRecipient === undefined || address === refusedRecipient ? refusal : null,
        password: () => smtpPassword,
        onMessage: () => {
          messages += 1;
        },
      });
      const smtpPort = await listen(smtp);
      const silent = startSilent();
      silent.server.listen(0, LOOPBACK);
      await once(silent.server, 'listening');
      const silentPort = /** @type {import('node:net').AddressInfo} */ (silent.server.address()).port;
      servers = { smtp, smtpPort, silent, silentPort, oauth, oauthUrl: `http://${LOOPBACK}:${oauth.port}` };
      await createApp();
    })();
    return starting;
  };

  // A new outbox and app each time, over `store`: a reset gives a new store too, so a test starts from
  // nothing saved and nothing queued; forgetting the key keeps it.
  const createApp = async () => {
    await outbox?.stop({ timeoutMs: 1000 });
    if (!servers) throw new Error('The adapter harness is not started');
    const { oauthUrl, smtpPort } = servers;
    const smtpEndpoint = { host: LOOPBACK, port: smtpPort, security: 'none' };
    const nominalAuthority = `https://localhost:${servers.oauth.port}`;
    const config = createSmtpConfig({
      store,
      secretKey: randomBytes(32).toString('base64'),
      // Errors and warnings still reach the console; security events, one per Test, would only be noise.
      logger: { error: console.error, warn: console.warn, info: () => {} },
      providers: {
        google: {
          authUrl: `${oauthUrl}/authorize`,
          tokenUrl: `${oauthUrl}/token`,
          revokeUrl: `${oauthUrl}/revoke`,
          smtp: smtpEndpoint,
        },
        // MSAL insists on an https authority: a nominal one that is never contacted, with inline metadata.
        microsoft: {
          authorityHost: nominalAuthority,
          knownAuthorities: [`localhost:${servers.oauth.port}`],
          authorityMetadata: JSON.stringify({
            token_endpoint: `${oauthUrl}/token`,
            authorization_endpoint: `${oauthUrl}/authorize`,
            end_session_endpoint: `${oauthUrl}/endsession`,
            jwks_uri: `${oauthUrl}/jwks`,
            issuer: nominalAuthority,
          }),
          smtp: smtpEndpoint,
        },
      },
    });
    // Quick enough that a browser test sees a message go from queued or retrying to sent.
    outbox = createOutbox({
      config,
      pollMs: 100,
      backoff: { initialMs: 1000, maxMs: 2000, jitter: 0 },
      horizonMs,
    });
    await outbox.start();
    const host = new Hono();
    host.route(
      MOUNT,
      createSmtpSettings({
        config,
        outbox,
        enabled: () => enabled,
        publicUrl: `${origin}${MOUNT}`,
        authorize: () => true,
        requireTestBeforeSave: true,
        testRateLimit: false,
        // As a host would offer its own relay: the element shows it as the preset of matching saved settings.
        presets: [...DEFAULT_PRESETS, { id: 'test-server', label: 'Test mail server', ...smtpEndpoint }],
      }),
    );
    app = host;
  };

  /** @type {Record<string, (ctx: import('koa').Context) => Promise<void>>} */
  const testRoutes = {
    'POST /__test/reset': async (ctx) => {
      const body = (await readBody(ctx.req)).toString('utf8');
      horizonMs = (body && JSON.parse(body).horizonMs) || 48 * 3_600_000;
      store = memoryStore();
      await createApp();
      messages = 0;
      refusal = null;
      refusedRecipient = undefined;
      smtpPassword = SMTP_PASSWORD;
      enabled = true;
      ctx.status = 204;
    },
    'POST /__test/feature': async (ctx) => {
      enabled = JSON.parse((await readBody(ctx.req)).toString('utf8')).enabled === true;
      ctx.status = 204;
    },
    'POST /__test/forget-key': async (ctx) => {
      await createApp();
      ctx.status = 204;
    },
    'GET /__test/smtp': async (ctx) => {
      ctx.body = {
        host: LOOPBACK,
        port: servers?.smtpPort,
        user: SMTP_USER,
        password: smtpPassword,
        messages,
        silentPort: servers?.silentPort,
        silentConnections: servers?.silent.sockets.size,
      };
    },
    'POST /__test/outbox/enqueue': async (ctx) => {
      /** @type {{ messages: Array<{ to: string; subject: string }> }} */
      const { messages: queued } = JSON.parse((await readBody(ctx.req)).toString('utf8'));
      const ids = [];
      // One at a time, so the log's newest-first order is the reverse of the list given.
      for (const { to, subject } of queued) {
        const { id } = await /** @type {NonNullable<typeof outbox>} */ (outbox).enqueue(
          { to, subject, text: `${subject}.` },
          { tenant: 'default' },
        );
        ids.push(id);
      }
      ctx.body = { ids };
    },
    'POST /__test/smtp/refuse': async (ctx) => {
      const { reply, recipient } = JSON.parse((await readBody(ctx.req)).toString('utf8'));
      refusal = reply ?? null;
      refusedRecipient = recipient;
      ctx.status = 204;
    },
    'POST /__test/smtp/password': async (ctx) => {
      smtpPassword = JSON.parse((await readBody(ctx.req)).toString('utf8')).password;
      ctx.status = 204;
    },
    'POST /__test/oauth/consent': async (ctx) => {
      const { authorizeUrl } = JSON.parse((await readBody(ctx.req)).toString('utf8'));
      const redirect = await fetch(authorizeUrl, { redirect: 'manual' });
      const location = redirect.headers.get('location');
      if (!location) throw new Error(`The OAuth mock answered ${redirect.status} without a redirect`);
      const callback = await app?.fetch(new Request(new URL(location, origin)));
      ctx.body = { status: callback?.status, location: callback?.headers.get('location') ?? undefined };
    },
  };

  /**
   * Serves `/api/smtp/*` from the adapter and `/__test/*` from the test routes; everything else goes
   * on to the dev server.
   *
   * @param {import('koa').Context} ctx
   * @param {import('koa').Next} next
   */
  const middleware = async (ctx, next) => {
    const testRoute = testRoutes[`${ctx.method} ${ctx.path}`];
    const forAdapter = ctx.path === MOUNT || ctx.path.startsWith(`${MOUNT}/`);
    if (!testRoute && !forAdapter) return next();
    await start();
    if (testRoute) return testRoute(ctx);
    if (!app) throw new Error('The adapter harness is not started');
    const aborted = new AbortController();
    ctx.res.on('close', () => {
      if (!ctx.res.writableFinished) aborted.abort();
    });
    const response = await app.fetch(await toRequest(ctx, aborted.signal));
    await writeResponse(ctx, response, aborted.signal);
  };

  /** Starts the servers with the dev server and stops them with it. */
  const plugin = {
    name: 'smtp-settings-adapter',
    serverStart: () => start(),
    serverStop: async () => {
      await starting;
      if (!servers) return;
      await outbox?.stop({ timeoutMs: 1000 });
      await Promise.all([
        new Promise((resolve) => servers?.smtp.close(() => resolve(undefined))),
        servers.silent.stop(),
        servers.oauth.stop(),
      ]);
    },
  };

  return { middleware, plugin };
}

/**
 * The Fetch `Request` a Koa request stands for, body and headers included.
 *
 * @param {import('koa').Context} ctx
 * @param {AbortSignal} signal
 */
async function toRequest(ctx, signal) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(ctx.req.headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const hasBody = ctx.method !== 'GET' && ctx.method !== 'HEAD';
  return new Request(new URL(ctx.originalUrl, `${ctx.protocol}://${ctx.host}`), {
    method: ctx.method,
    headers,
    signal,
    ...(hasBody && { body: await readBody(ctx.req) }),
  });
}

/**
 * Writes a Fetch `Response` to the Node response chunk by chunk, bypassing Koa's body handling so
 * each server-sent event reaches the browser as soon as the adapter writes it.
 *
 * @param {import('koa').Context} ctx
 * @param {Response} response
 * @param {AbortSignal} signal
 */
async function writeResponse(ctx, response, signal) {
  ctx.respond = false;
  const res = ctx.res;
  /** @type {Record<string, string | string[]>} */
  const headers = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  if (!response.body || ctx.method === 'HEAD') {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  signal.addEventListener('abort', () => void reader.cancel().catch(() => {}), { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await once(res, 'drain', { signal });
    }
    res.end();
  } catch {
    // The browser went away mid-stream (a test aborted its request): nothing is left to answer.
    res.destroy();
  }
}

/** A TCP server that takes connections and never says a word, like an SMTP server stuck before its greeting. */
function startSilent() {
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  const stop = () => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(() => resolve(undefined)));
  };
  return { server, sockets, stop };
}

/** @param {import('node:http').IncomingMessage} req */
async function readBody(req) {
  /** @type {Buffer[]} */
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * @param {{ accessToken: () => string | undefined; refusal: (address: string) => string | null; password: () => string; onMessage: () => void }} options
 */
function startSmtp({ accessToken, refusal, password, onMessage }) {
  const server = new SMTPServer({
    secure: false,
    name: 'localhost',
    authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.method === 'XOAUTH2') {
        const expected = accessToken();
        if (auth.username === OAUTH_ACCOUNT && expected !== undefined && auth.accessToken === expected) {
          callback(null, { user: auth.username });
        } else {
          callback(null, { data: { status: '401', schemes: 'bearer' } });
        }
        return;
      }
      if (auth.username === SMTP_USER && auth.password === password()) callback(null, { user: SMTP_USER });
      else callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const reply = refusal(address.address);
      if (reply === null) return callback();
      const [, code, text] = /** @type {RegExpMatchArray} */ (reply.match(/^(\d{3}) (.*)$/));
      callback(Object.assign(new Error(text), { responseCode: Number(code) }));
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        onMessage();
        callback(null, 'OK queued');
      });
    },
  });
  // Connections a test drops on purpose make the server emit errors that are not test failures.
  server.on('error', () => undefined);
  return server;
}

/** @param {SMTPServer} server */
async function listen(server) {
  server.listen(0, LOOPBACK);
  await once(server.server, 'listening');
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('smtp-server did not report its port');
  return address.port;
}

/**
 * An OIDC provider on loopback that consents at once and puts {@link OAUTH_ACCOUNT} into its ID tokens.
 *
 * @param {(accessToken: string) => void} onAccessToken
 */
async function startOAuthMock(onAccessToken) {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, LOOPBACK);
  const port = Number(new URL(String(server.issuer.url)).port);
  server.service.on('beforeTokenSigning', (token) => {
    // Two tokens minted within the same second would otherwise be identical.
    token.payload.jti = randomUUID();
    // ID tokens carry an audience (the client ID) and no scope; access tokens the other way round.
    if (!('scope' in token.payload) && 'aud' in token.payload) {
      Object.assign(token.payload, { email: OAUTH_ACCOUNT, preferred_username: OAUTH_ACCOUNT });
    }
  });
  // Like Google and Microsoft, a code redemption is answered with the scope its authorization asked for.
  /** @type {Map<string, string>} */
  const authorizedScopes = new Map();
  server.service.on('beforeAuthorizeRedirect', (redirect, req) => {
    const code = redirect.url.searchParams.get('code');
    const scope = new URL(req.url ?? '/', `http://${LOOPBACK}`).searchParams.get('scope');
    if (code && scope) authorizedScopes.set(code, scope);
  });
  server.service.on('beforeResponse', (response, req) => {
    const tokens = /** @type {Record<string, unknown>} */ (response.body);
    const request = /** @type {{ code?: string; scope?: string; client_secret?: string }} */ (req.body ?? {});
    if (request.client_secret === REFUSED_CLIENT_SECRET) {
      response.statusCode = 401;
      response.body = { error: 'invalid_client', error_description: 'The OAuth client was not found.' };
      return;
    }
    const scope = request.code === undefined ? undefined : authorizedScopes.get(request.code);
    if (request.code !== undefined) authorizedScopes.delete(request.code);
    if (scope !== undefined && request.scope === undefined) tokens.scope = scope;
    if (typeof tokens?.access_token === 'string') onAccessToken(tokens.access_token);
  });
  return { port, stop: () => server.stop() };
}
