import type BetterSqlite3 from 'better-sqlite3';
import type { ContentResealing } from '../outbox/delivery-store.js';
import type { Retrying } from './sqlite-group-commit.js';

/**
 * The key rotation's access to the sealed content of {@link sqliteStore}'s messages, in the outbox's
 * table: pages in insertion order (`seq`, the row id, so each page is one range of it), and a
 * compare-and-set of one message's content. Both run through `retrying`, like every other statement.
 *
 * @example
 * ```ts
 * const store = { ...settingsPart, ...sqliteContentResealing(db, retrying) };
 * ```
 */
export function sqliteContentResealing(db: BetterSqlite3.Database, retrying: Retrying): ContentResealing {
  const selectPage = db.prepare<
    [number, number],
    { seq: number; id: string; tenant: string; content: string }
  >(
    `SELECT seq, id, tenant, content FROM smtp_deliveries WHERE seq > ? AND content IS NOT NULL
     ORDER BY seq LIMIT ?`,
  );
  const replace = db.prepare<{ id: string; previous: string; next: string }>(
    'UPDATE smtp_deliveries SET content = @next WHERE id = @id AND content = @previous',
  );

  return {
    async listSealedContents(after, limit) {
      const from = after === undefined ? 0 : Number(after);
      const rows = await retrying('read sealed messages', () => selectPage.all(from, Math.max(0, limit)));
      return rows.map(({ seq, id, tenant, content }) => ({ cursor: String(seq), id, tenant, content }));
    },

    async resealContent(id, previous, next) {
      const { changes } = await retrying('save a re-sealed message', () =>
        replace.run({ id, previous, next }),
      );
      return changes === 1;
    },
  };
}
