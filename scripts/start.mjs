// `npm start`: install what is missing, build every workspace (the widget, the demo server and the demo
// pages), then run the demo. Uses only Node built-ins, because on a fresh clone nothing else is installed yet.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dependenciesInstalled } from './setup/dependencies.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command, args) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!dependenciesInstalled(root)) {
  console.log('Installing dependencies (the first time compiles better-sqlite3, about a minute)…');
  run(npm, ['install', '--no-audit', '--no-fund']);
}
console.log('Building the packages and the demo pages…');
run(npm, ['run', 'build', '--silent']);

// Ctrl-C in a terminal reaches the demo directly (same process group); a signal sent only to this
// process is passed on. Either way, wait for the demo to close its servers and exit as it did.
const demo = spawn(process.execPath, ['demo/dist/main.js'], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => demo.kill(signal));
demo.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
