import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Throws `message` now when the optional peer dependency `packageName` cannot be found from this
 * package, so a missing one fails the host's startup instead of every request that would import it.
 *
 * @example
 * ```ts
 * assertInstalled('pg', 'postgresStore({ connectionString }) needs the `pg` package: npm install pg');
 * ```
 */
export function assertInstalled(packageName: string, message: string): void {
  try {
    require.resolve(packageName);
  } catch (error) {
    throw new Error(message, { cause: error });
  }
}

/**
 * Loads the optional CommonJS peer dependency `packageName` synchronously, on first use rather than
 * when the adapter is imported; throws `message` when it is not installed, and any other failure of
 * the package itself as it is.
 *
 * @example
 * ```ts
 * const Database = requireInstalled<typeof import('better-sqlite3')>('better-sqlite3', 'npm install better-sqlite3');
 * ```
 */
export function requireInstalled<T>(packageName: string, message: string): T {
  assertInstalled(packageName, message);
  return require(packageName);
}
