import type { ContentResealing } from '../outbox/delivery-store.js';
import type { PostgresQuery } from './postgres-pool.js';

/**
 * The key rotation's access to the sealed content of {@link postgresStore}'s messages, in the outbox's
 * table: pages in insertion order (`seq`, so each page is one range of the primary key), and a
 * compare-and-set of one message's content in one statement.
 *
 * @example
 * ```ts
 * const store = { ...settingsPart, ...postgresContentResealing(query, '"smtp_settings"') };
 * ```
 */
export function postgresContentResealing(query: PostgresQuery, schema: string): ContentResealing {
  const deliveries = `${schema}.smtp_deliveries`;
  return {
    async listSealedContents(after, limit) {
      const { rows } = await query<{ seq: string; id: string; tenant: string; content: string }>(
        'read sealed messages',
        `SELECT seq, id, tenant, content FROM ${deliveries} WHERE seq > $1::bigint AND content IS NOT NULL
         ORDER BY seq LIMIT $2::integer`,
        [after === undefined ? 0 : after, Math.max(0, limit)],
      );
      return rows.map(({ seq, id, tenant, content }) => ({ cursor: String(seq), id, tenant, content }));
    },

    async resealContent(id, previous, next) {
      const { rowCount } = await query(
        'save a re-sealed message',
        `UPDATE ${deliveries} SET content = $3 WHERE id = $1 AND content = $2`,
        [id, previous, next],
      );
      return rowCount === 1;
    },
  };
}
