import type { TlsOptions } from 'node:tls';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { DevCertificate } from './certificate.js';

/** A login for AUTH PLAIN and LOGIN: demo values, shown on the page on purpose. */
export interface DevSmtpLogin {
  user: string;
  password: string;
}

/** The login the dev mail server accepts when it starts. */
export const DEV_SMTP_LOGIN = { user: 'demo', password: 'demo-password' } as const satisfies DevSmtpLogin;

/** A message the dev mail server accepted. */
export interface AcceptedMail {
  /** MAIL FROM. */
  from: string;
  /** RCPT TO, in order. */
  to: string[];
  /** The message source as received. */
  raw: Buffer;
}

/**
 * How an outage looks to a client: `refused` stops the listener, so connections are refused, as while a
 * server restarts or is stopped; `unavailable` keeps listening but greets each connection with
 * `421 Service not available` and hangs up, as a server that is up but takes no mail; `rejecting` takes
 * connections and logins but answers every RCPT TO with `550 No such mailbox`, so a sender fails the
 * message for good instead of retrying it (the demo's way to a failed delivery to resend).
 */
export const OUTAGE_MODES = ['refused', 'unavailable', 'rejecting'] as const;

/** How an outage looks to a client. */
export type OutageMode = (typeof OUTAGE_MODES)[number];

/** Whether the dev mail server takes mail: `{ down: false }`, or since when and how it does not. */
export type DevSmtpOutage = { down: false } | { down: true; mode: OutageMode; since: string };

/** What {@link DevSmtpServer.setOutage} asks for; `mode` defaults to `refused`. */
export type OutageRequest = { down: false } | { down: true; mode?: OutageMode };

/** Options of {@link startDevSmtpServer}. */
export interface DevSmtpServerOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Certificate presented after STARTTLS. */
  certificate: DevCertificate;
  /** Says whether an XOAUTH2 access token was issued for `user` by one of the demo's sign-in providers. */
  acceptsAccessToken: (user: string, accessToken: string) => boolean;
  /** Receives each accepted message. */
  onMail: (mail: AcceptedMail) => void;
  /** When an outage starts; defaults to the system clock. */
  clock?: () => Date;
}

/** A running dev mail server. */
export interface DevSmtpServer {
  /** Always `127.0.0.1`. */
  host: string;
  /** The port it listens on, before and after an outage. */
  port: number;
  /** The login it accepts now: {@link DEV_SMTP_LOGIN} until `changePassword()`. */
  login(): DevSmtpLogin;
  /**
   * Accepts a new password from now on (`demo-password-2`, then `-3`, …) and refuses the one before, as
   * a mailbox whose password someone changed, ending the sessions signed in; answers the new login. A
   * restart goes back to `demo-password`.
   */
  changePassword(): DevSmtpLogin;
  /** Whether it takes mail now. */
  outage(): DevSmtpOutage;
  /**
   * Starts an outage, changes its mode, or ends it by listening again on the same port, as a mail
   * server restart would; open sessions end with `421` either way. Resolves with the new state, once
   * connections are refused (or answered again); rejects, leaving the server down, when the port was
   * taken meanwhile.
   */
  setOutage(request: OutageRequest): Promise<DevSmtpOutage>;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const NAME = 'localhost';

/**
 * Starts the demo's local mail server: STARTTLS with the demo certificate, then AUTH PLAIN/LOGIN with
 * {@link DEV_SMTP_LOGIN} or XOAUTH2 with a token the local sign-in providers issued; every accepted
 * message goes to `onMail`. `setOutage` takes it down and brings it back on the same port; `changePassword`
 * makes the saved password a wrong one.
 *
 * @example
 * const smtp = await startDevSmtpServer({ port: 1025, certificate, acceptsAccessToken, onMail: inbox.add });
 * await smtp.setOutage({ down: true }); // connections to 127.0.0.1:1025 are refused
 * await smtp.setOutage({ down: false });
 */
export async function startDevSmtpServer(options: DevSmtpServerOptions): Promise<DevSmtpServer> {
  const { certificate, acceptsAccessToken, onMail, clock = () => new Date() } = options;
  let state: DevSmtpOutage = { down: false };
  let login: DevSmtpLogin = { ...DEV_SMTP_LOGIN };
  let passwordChanges = 0;
  // smtp-server's types extend a default import of node:tls that this tsconfig (no esModuleInterop) cannot see.
  const serverOptions: SMTPServerOptions & TlsOptions = {
    secure: false,
    key: certificate.key,
    cert: certificate.cert,
    name: NAME,
    banner: 'smtp-settings demo mail server',
    size: 10 * 1024 * 1024,
    authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
    // Like a real submission server: credentials only travel inside TLS.
    allowInsecureAuth: false,
    disableReverseLookup: true,
    logger: false,
    onConnect(_session, callback) {
      if (!state.down || state.mode === 'rejecting') return callback();
      // RFC 5321's words for a server that is up but cannot take mail now; clients try again later.
      const unavailable = `${NAME} Service not available, closing transmission channel`;
      callback(Object.assign(new Error(unavailable), { responseCode: 421 }));
    },
    onAuth(auth, _session, callback) {
      const user = auth.username ?? '';
      if (auth.method === 'XOAUTH2') {
        if (auth.accessToken && acceptsAccessToken(user, auth.accessToken)) callback(null, { user });
        else callback(null, { data: { status: '401', schemes: 'bearer' } });
        return;
      }
      if (user === login.user && auth.password === login.password) callback(null, { user });
      else callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      if (!state.down || state.mode !== 'rejecting') return callback();
      callback(Object.assign(new Error('No such mailbox here'), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const { mailFrom, rcptTo } = session.envelope;
        onMail({
          from: mailFrom ? mailFrom.address : '',
          to: rcptTo.map(({ address }) => address),
          raw: Buffer.concat(chunks),
        });
        callback(null, 'OK: delivered to the demo inbox');
      });
    },
  };

  let listening: SMTPServer | undefined = await listen(serverOptions, options.port);
  const address = listening.server.address();
  // Bringing the server back reuses this port: the saved settings point at it.
  const port = typeof address === 'object' && address ? address.port : options.port;
  // Servers that stopped listening but still end their last sessions; close() waits for them.
  const stopping = new Set<Promise<void>>();
  const stop = () => {
    if (!listening) return;
    const closed = stopServer(listening);
    listening = undefined;
    stopping.add(closed);
    void closed.then(() => stopping.delete(closed));
  };
  let closed = false;
  // One change at a time: a quick down-up-down from the page must end in the last state asked for.
  let changes = Promise.resolve();
  const serially = <T>(change: () => Promise<T>): Promise<T> => {
    const result = changes.then(change);
    changes = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  };

  return {
    host: HOST,
    port,
    login: () => login,
    changePassword: () => {
      passwordChanges += 1;
      login = { ...DEV_SMTP_LOGIN, password: `${DEV_SMTP_LOGIN.password}-${passwordChanges + 1}` };
      // Sessions signed in with the old password would carry on sending (a pooled mailer keeps them).
      for (const connection of listening?.connections ?? []) {
        connection.send(421, 'The password changed: sign in again');
        connection.close();
      }
      return login;
    },
    outage: () => state,
    setOutage: (request) =>
      serially(async () => {
        if (closed) throw new Error('The dev mail server is closed');
        const next: DevSmtpOutage = request.down
          ? {
              down: true,
              mode: request.mode ?? 'refused',
              since: state.down ? state.since : clock().toISOString(),
            }
          : { down: false };
        if (next.down === state.down && (!next.down || (state.down && next.mode === state.mode)))
          return state;
        // Every change is a restart: sessions opened before it must not carry mail through the outage.
        stop();
        state = next;
        if (next.down && next.mode === 'refused') return state;
        try {
          listening = await listen(serverOptions, port);
        } catch (error) {
          // Not listening is what a client sees, so that is the state, whatever was asked for.
          state = { down: true, mode: 'refused', since: state.down ? state.since : clock().toISOString() };
          throw error;
        }
        return state;
      }),
    close: () =>
      serially(async () => {
        closed = true;
        stop();
        await Promise.all(stopping);
      }),
  };
}

async function listen(serverOptions: SMTPServerOptions, port: number): Promise<SMTPServer> {
  const server = new SMTPServer(serverOptions);
  // A client that hangs up mid-session makes the server emit an error that is no failure of the demo.
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, HOST, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  return server;
}

/** Stops listening at once and ends open sessions with a 421, as a server shutting down does. */
function stopServer(server: SMTPServer): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // smtp-server would wait 30 s for idle sessions, during which a pooled client could still deliver.
  for (const connection of server.connections) connection.send(421, 'Server shutting down');
  return closed;
}
