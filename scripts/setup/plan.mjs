// Which Debian packages the setup installs and what it only reports, decided apart from doing it so the
// decision can be tested without root or apt-get.
import { BROWSERS, missingBrowser } from './browsers.mjs';

/**
 * What to install with apt-get (only when `apt`: root on Debian) and which browsers to report instead.
 * A browser variable that points nowhere is a mistake to report, never a reason to install.
 */
export function planInstall({ apt, env = process.env, missingBrowsers, postgresMissing }) {
  const packages = [];
  const problems = [];
  for (const name of missingBrowsers) {
    if (apt && !env[BROWSERS[name].variable]) packages.push(BROWSERS[name].debianPackage);
    else problems.push(missingBrowser(name, env));
  }
  if (apt && postgresMissing) packages.push('postgresql');
  return { packages, problems };
}
