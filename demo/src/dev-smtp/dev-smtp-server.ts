import type { TlsOptions } from 'node:tls';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { DevCertificate } from './certificate.js';

/** The login the dev mail server accepts for AUTH PLAIN and LOGIN: demo values, shown on the page on purpose. */
export const DEV_SMTP_LOGIN = { user: 'demo', password: 'demo-password' } as const;

/** A message the dev mail server accepted. */
export interface AcceptedMail {
  /** MAIL FROM. */
  from: string;
  /** RCPT TO, in order. */
  to: string[];
  /** The message source as received. */
  raw: Buffer;
}

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
}

/** A running dev mail server. */
export interface DevSmtpServer {
  /** Always `127.0.0.1`. */
  host: string;
  /** The port it listens on. */
  port: number;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * Starts the demo's local mail server: STARTTLS with the demo certificate, then AUTH PLAIN/LOGIN with
 * {@link DEV_SMTP_LOGIN} or XOAUTH2 with a token the local sign-in providers issued; every accepted
 * message goes to `onMail`.
 *
 * @example
 * const smtp = await startDevSmtpServer({ port: 1025, certificate, acceptsAccessToken, onMail: inbox.add });
 */
export async function startDevSmtpServer(options: DevSmtpServerOptions): Promise<DevSmtpServer> {
  const { certificate, acceptsAccessToken, onMail } = options;
  // smtp-server's types extend a default import of node:tls that this tsconfig (no esModuleInterop) cannot see.
  const serverOptions: SMTPServerOptions & TlsOptions = {
    secure: false,
    key: certificate.key,
    cert: certificate.cert,
    name: 'localhost',
    banner: 'smtp-settings demo mail server',
    size: 10 * 1024 * 1024,
    authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
    // Like a real submission server: credentials only travel inside TLS.
    allowInsecureAuth: false,
    disableReverseLookup: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const user = auth.username ?? '';
      if (auth.method === 'XOAUTH2') {
        if (auth.accessToken && acceptsAccessToken(user, auth.accessToken)) callback(null, { user });
        else callback(null, { data: { status: '401', schemes: 'bearer' } });
        return;
      }
      if (user === DEV_SMTP_LOGIN.user && auth.password === DEV_SMTP_LOGIN.password) callback(null, { user });
      else callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
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
  const server = new SMTPServer(serverOptions);
  // A client that hangs up mid-session makes the server emit an error that is no failure of the demo.
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, HOST, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  return {
    host: HOST,
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
