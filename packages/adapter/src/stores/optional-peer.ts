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
