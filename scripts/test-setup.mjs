// First step of `npm test`: install and start what the tests need, or say in one line per thing what to
// install. A no-op (well under a second) when everything is there. Node built-ins only, because on a fresh
// clone nothing else is installed yet.
import { fileURLToPath } from 'node:url';
import { BROWSERS, findBrowser, missingBrowser } from './setup/browsers.mjs';
import { dependenciesInstalled } from './setup/dependencies.mjs';
import { planInstall } from './setup/plan.mjs';
import {
  databaseTarget,
  listening,
  missingPostgres,
  postgresVersion,
  preparePostgres,
  startPostgres,
  startRedis,
} from './setup/services.mjs';
import { aptInstall, canAptInstall, run } from './setup/system.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (!dependenciesInstalled(root)) {
  console.log(
    'Installing dependencies with npm ci (the first time compiles better-sqlite3, about a minute)…',
  );
  // The tests drive the system's browsers: no package may download one of its own (it fails offline).
  const env = { ...process.env, PUPPETEER_SKIP_DOWNLOAD: 'true' };
  if (!run(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, env })) process.exit(1);
}

const missingBrowsers = Object.keys(BROWSERS).filter((name) => !findBrowser(name));
const database = databaseTarget();
let postgresUp = await listening(database.port, database.host);
const postgresMissing = !postgresUp && !database.custom && !postgresVersion();
const { packages, problems } = planInstall({ apt: canAptInstall(), missingBrowsers, postgresMissing });

if (packages.length > 0 && !aptInstall(packages))
  problems.push(`apt-get install -y ${packages.join(' ')} failed.`);
for (const name of missingBrowsers) {
  if (packages.includes(BROWSERS[name].debianPackage) && !findBrowser(name))
    problems.push(missingBrowser(name));
}

const version = database.custom ? undefined : postgresVersion();
if (!postgresUp && version) {
  postgresUp = await startPostgres(version);
  if (postgresUp && packages.includes('postgresql') && !preparePostgres(version)) {
    problems.push('PostgreSQL is installed, but creating the database `test` failed.');
  }
}
if (!postgresUp) problems.push(missingPostgres());

// No test needs Redis yet: start it when it is there, never fail for it.
if (!(await listening(6379))) await startRedis();

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
