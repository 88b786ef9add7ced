/**
 * A recursive CTE `open_tenants (tenant)` of every tenant with a message waiting or leased in `deliveries`,
 * one index seek per tenant (a loose index scan: the next tenant after the last one) instead of reading
 * every such message; it ends with a `NULL` row, which its users leave out. Goes after `WITH RECURSIVE`.
 * The order by `due_at` too is what makes the planner take the index of waiting messages, not one of
 * every message (which it would filter, row by row, past a tenant's whole finished history).
 *
 * @example
 * ```ts
 * const text = `WITH RECURSIVE ${openTenants(table)} SELECT tenant FROM open_tenants WHERE tenant IS NOT NULL`;
 * ```
 */
export function openTenants(deliveries: string): string {
  return `open_tenants (tenant) AS (
    (SELECT tenant FROM ${deliveries} WHERE due_at IS NOT NULL ORDER BY tenant, due_at LIMIT 1)
    UNION ALL
    SELECT (SELECT tenant FROM ${deliveries} WHERE due_at IS NOT NULL AND tenant > open_tenants.tenant
            ORDER BY tenant, due_at LIMIT 1)
    FROM open_tenants WHERE open_tenants.tenant IS NOT NULL
  )`;
}
