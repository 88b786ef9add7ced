import type { BrowserName } from './browsers.mjs';

/** What to install with apt-get (only when `apt`: root on Debian) and which browsers to report instead. */
export declare function planInstall(options: {
  apt: boolean;
  env?: NodeJS.ProcessEnv;
  missingBrowsers: BrowserName[];
  postgresMissing: boolean;
}): { packages: string[]; problems: string[] };
