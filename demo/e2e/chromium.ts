import { type Browser, chromium } from 'playwright-core';
import { browserExecutable } from '../../scripts/setup/browsers.mjs';

/** Flags that keep a headless Chromium off the network and quiet on a machine without a sandbox. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches the system's headless Chromium (`CHROMIUM_PATH`, else Debian's) the way the end-to-end tests need it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: browserExecutable('chromium'), headless: true, args: FLAGS });
}
