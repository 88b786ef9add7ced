/** A browser the tests use: the variable that names an executable, the commands and app bundles to look for. */
export interface BrowserSpec {
  label: string;
  variable: string;
  debianPackage: string;
  commands: string[];
  apps: string[];
}

/** The browsers the tests drive. */
export type BrowserName = 'chromium' | 'firefox';

/** The browsers the tests use, by name. */
export declare const BROWSERS: Record<BrowserName, BrowserSpec>;

/** The executable of a browser, from its variable, `PATH` or a macOS app bundle; undefined when there is none. */
export declare function findBrowser(name: BrowserName, env?: NodeJS.ProcessEnv): string | undefined;

/** One line saying what to install, or which variable to set, when {@link findBrowser} finds nothing. */
export declare function missingBrowser(name: BrowserName, env?: NodeJS.ProcessEnv): string;

/** The executable of a browser, or an error saying what to install. */
export declare function browserExecutable(name: BrowserName, env?: NodeJS.ProcessEnv): string;
