/**
 * Runs the built `smtp-settings` command (the package's `bin`, as `npx smtp-settings` runs it) in a
 * child process, against a store a test filled through the adapter's own sources.
 *
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';
import type { ContentResealing, DeliveryStore } from '../src/outbox/delivery-store.js';
import type { SecretResealing, SettingsStore } from '../src/stores/store.js';
import { basicDraft, openTempSqliteStore, openTestSchemaStore, SECRETS } from './app-fixture.js';
import { TEST_DATABASE_URL } from './postgres-fixture.js';
import { type SmtpServerFixture, startSmtpServer, testCertificates } from './smtp-server-fixture.js';

const PACKAGE_DIR = fileURLToPath(new URL('../', import.meta.url));
const packageJson = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8'));
/** The file `npx smtp-settings` runs: the package's `bin`. */
const BIN = join(PACKAGE_DIR, packageJson.bin['smtp-settings']);
const SOURCES = [join(PACKAGE_DIR, 'src'), join(PACKAGE_DIR, '../schema/src')];

/** Everything the command printed in this test process, for the secret scan. */
export const cliTranscript: string[] = [];

/** Each of `secrets` that occurs anywhere in {@link cliTranscript}. */
export function leakedIntoCli(secrets: readonly string[]): string[] {
  return secrets.filter((secret) => cliTranscript.some((text) => text.includes(secret)));
}

/** What a run of the command printed and how it ended. */
export interface CliRun {
  /** Its exit status, `null` when a signal ended it. */
  status: number | null;
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
}

/** How to run the command. */
export interface CliRunOptions {
  /** Variables added to its environment (keys, passwords). */
  env?: Record<string, string>;
  /** What it reads on standard input. */
  stdin?: string;
}

/**
 * Refuses to test a `dist/` older than the sources (the vitest suites run the sources, the command runs
 * the build), so a stale build can never hide a change: `npm run build` first (`npm test` does).
 */
export function assertCliBuilt(): void {
  let built: number;
  try {
    built = statSync(BIN).mtimeMs;
  } catch {
    throw new Error(`${BIN} is missing: run npm run build first`);
  }
  const newer = SOURCES.flatMap(sourceFiles).find((file) => statSync(file).mtimeMs > built);
  if (newer) throw new Error(`dist/ is older than ${newer}: run npm run build first`);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => join(dir, file));
}

/**
 * Runs `smtp-settings <args>` and resolves once it exited. The environment is this process's without
 * any `SMTP_SETTINGS_*` variable, plus `env`.
 *
 * @example
 * const { status, stdout } = await runCli(['generate-key']);
 */
export function runCli(args: readonly string[], { env = {}, stdin }: CliRunOptions = {}): Promise<CliRun> {
  const child = spawnCli(args, { env });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.stdin?.end(stdin ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => {
      const run = {
        status,
        stdout: Buffer.concat(stdout).toString(),
        stderr: Buffer.concat(stderr).toString(),
      };
      cliTranscript.push(run.stdout, run.stderr);
      resolve(run);
    });
  });
}

/** Starts `smtp-settings <args>` and returns the process, its streams piped, for a test that stops it. */
export function spawnCli(
  args: readonly string[],
  { env = {} }: Pick<CliRunOptions, 'env'> = {},
): ChildProcess {
  const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith('SMTP_SETTINGS_'));
  return spawn(process.execPath, [BIN, ...args], {
    env: { ...Object.fromEntries(inherited), ...env },
    stdio: 'pipe',
  });
}

/** A store a test fills, and the options that name it to the command. */
export interface CliStore {
  /** The store, opened by the test process on the same database the command opens. */
  store: SettingsStore & SecretResealing & Partial<DeliveryStore & ContentResealing>;
  /** `--sqlite <file>` or `--postgres <url> --schema <name>`. */
  args: string[];
  /** Closes the store and removes the database. */
  cleanup(): Promise<void>;
}

/** A SQLite file or a throwaway PostgreSQL schema per test, so one suite runs against each. */
export const CLI_STORE_KINDS: ReadonlyArray<{ kind: string; open: () => CliStore }> = [
  {
    kind: 'sqlite',
    open: () => {
      const { store, filename, cleanup } = openTempSqliteStore();
      return { store, args: ['--sqlite', filename], cleanup };
    },
  },
  {
    kind: 'postgres',
    open: () => {
      const { store, schema, cleanup } = openTestSchemaStore({ notifications: false });
      return { store, args: ['--postgres', TEST_DATABASE_URL, '--schema', schema], cleanup };
    },
  },
];

/** Writes `text` into a new temporary file and answers its path, removed by the returned function. */
export function tempFile(name: string, text: string): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-settings-cli-file-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The account the mail server of {@link useCliMailServer} takes, with `SECRETS.password`. */
export const CLI_MAIL_USER = 'mailer@example.com';

/** The mail server a suite runs the command against, and the CA file that makes the command trust it. */
export interface CliMailServer {
  /** The in-process `smtp-server`: TLS from the first byte, a login required. */
  readonly server: SmtpServerFixture;
  /** A PEM file of the test CA, for `--ca`. */
  readonly caFile: string;
  /** Basic settings for the server as the form sends them, with `SECRETS.password`. */
  draft(overrides?: Record<string, unknown>): Record<string, unknown>;
}

/**
 * Before the suite: checks the build and starts a TLS mail server that takes {@link CLI_MAIL_USER} with
 * `SECRETS.password`; after it: stops the server and fails when anything the command printed held one
 * of `secrets`.
 */
export function useCliMailServer(secrets: readonly string[]): CliMailServer {
  let server: SmtpServerFixture | undefined;
  let ca: ReturnType<typeof tempFile> | undefined;
  beforeAll(async () => {
    assertCliBuilt();
    server = await startSmtpServer({ security: 'tls', users: { [CLI_MAIL_USER]: SECRETS.password } });
    ca = tempFile('ca.pem', testCertificates().ca);
  });
  afterAll(async () => {
    await server?.close();
    ca?.remove();
    expect(leakedIntoCli(secrets)).toEqual([]);
  });
  const started = () => {
    if (!server || !ca) throw new Error('the mail server starts before the suite');
    return { server, ca };
  };
  return {
    get server() {
      return started().server;
    },
    get caFile() {
      return started().ca.path;
    },
    draft: (overrides = {}) =>
      basicDraft({
        host: '127.0.0.1',
        port: started().server.port,
        security: 'tls',
        username: CLI_MAIL_USER,
        ...overrides,
      }),
  };
}
