import { SMTPServer } from 'smtp-server';

/** What the demo's development mail server accepts and has received. */
export interface DevSmtpServer {
  /** Where it listens. */
  host: string;
  /** Its port. */
  port: number;
  /** The login it accepts. */
  user: string;
  /** The password of {@link user}; a demo value, shown on the page on purpose. */
  password: string;
  /** How many messages it has accepted. */
  received(): number;
  /** Stops listening. */
  close(): Promise<void>;
}

/**
 * Starts a local mail server for the demo, so "Test" has something real to talk to offline. Plain SMTP
 * with AUTH (allowed without TLS because it listens on loopback only).
 */
export async function startDevSmtpServer({
  port,
  user,
  password,
}: {
  port: number;
  user: string;
  password: string;
}) {
  let received = 0;
  const server = new SMTPServer({
    name: 'smtp-settings-demo',
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) return callback(null, { user });
      callback(Object.assign(new Error('Invalid user name or password'), { responseCode: 535 }));
    },
    onData(stream, _session, callback) {
      stream.on('end', () => {
        received += 1;
        callback();
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  return {
    host: '127.0.0.1',
    port: typeof address === 'object' && address ? address.port : port,
    user,
    password,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  } satisfies DevSmtpServer;
}
