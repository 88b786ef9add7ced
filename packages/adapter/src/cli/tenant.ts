import { usageError } from './exit-codes.js';
import type { OptionSpec, ParsedOptions } from './parse-command.js';

/** The tenant the adapter uses when the host's `tenant(c)` hook is not set. */
export const DEFAULT_TENANT = 'default';

/** The option that names the tenant. */
export const TENANT_OPTIONS: OptionSpec = { tenant: { type: 'string' } };

/** The help text of {@link TENANT_OPTIONS}. */
export const TENANT_USAGE = `Tenant:
  --tenant <name>       whose settings, as the host's tenant(c) names them (default "${DEFAULT_TENANT}")`;

/** The tenant `--tenant` names, or the adapter's default one. */
export function tenantOf(values: ParsedOptions): string {
  const tenant = values.tenant;
  if (tenant === undefined) return DEFAULT_TENANT;
  if (typeof tenant !== 'string' || tenant === '') throw usageError('--tenant needs a name');
  return tenant;
}
