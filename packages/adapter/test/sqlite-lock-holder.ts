import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';

/** A second process holding a SQLite file's write lock. */
export interface SqliteLockHolder {
  /** Ends the transaction (rolled back, nothing written) and waits for the process to exit. */
  release(): Promise<void>;
}

// The child writes a row inside its transaction, so a reader that waited for it would see it roll back.
const HOLDER = `
const Database = require(process.argv[1]);
const db = new Database(process.argv[2]);
db.exec(process.argv[3] === 'exclusive' ? 'BEGIN EXCLUSIVE' : 'BEGIN IMMEDIATE');
db.exec("CREATE TABLE IF NOT EXISTS lock_holder (n INTEGER)");
db.exec('INSERT INTO lock_holder VALUES (1)');
process.stdout.write('locked\\n');
const done = () => { db.exec('ROLLBACK'); db.close(); process.exit(0); };
process.stdin.on('data', done);
process.stdin.on('end', done);
setTimeout(done, 60000);
`;

/**
 * Starts a `node` process that opens `filename` with better-sqlite3, begins a transaction and holds its
 * lock until released (or for a minute at most, so a failed test leaves nothing behind). `immediate` takes
 * the write lock, which WAL readers ignore; `exclusive` on a file in rollback-journal mode shuts out
 * readers too (in WAL mode it acts like `immediate`).
 *
 * @example
 * const holder = await holdSqliteLock(filename);
 * // ... every write of another connection now finds the database locked ...
 * await holder.release();
 */
export async function holdSqliteLock(
  filename: string,
  mode: 'immediate' | 'exclusive' = 'immediate',
): Promise<SqliteLockHolder> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const child = spawn(process.execPath, ['-e', HOLDER, driver, filename, mode], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  let output = '';
  child.stdout.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('locked\n')) resolve();
    });
    exited.then(([code]) => reject(new Error(`the lock holder exited with ${code} before locking`)));
  });
  return {
    async release() {
      if (child.exitCode === null) child.stdin.end('release\n');
      await exited;
    },
  };
}
