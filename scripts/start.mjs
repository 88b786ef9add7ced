// `npm start`: install what is missing, build, then run the demo. Uses only Node built-ins, because
// on a fresh clone nothing else is installed yet.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const installed = `${root}node_modules/.package-lock.json`;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const stale =
  !existsSync(installed) || statSync(`${root}package-lock.json`).mtimeMs > statSync(installed).mtimeMs;
if (stale) {
  console.log('Installing dependencies (the first time compiles better-sqlite3, about a minute)…');
  run(npm, ['install', '--no-audit', '--no-fund']);
}
run(npm, ['run', 'build', '--silent']);
run(process.execPath, ['demo/dist/main.js']);
