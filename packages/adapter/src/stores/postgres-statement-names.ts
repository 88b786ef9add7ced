import { createHash } from 'node:crypto';

/**
 * Names the store's statements for `pg` to prepare: one name per statement text (its hash, so two texts
 * never share one), which each connection parses and plans at first use and then only executes. The
 * store's texts are fixed but for a few filter combinations of the log's listing, so the names stay few.
 *
 * @example
 * ```ts
 * const nameOf = statementNames();
 * await pool.query({ name: nameOf(text), text, values });
 * ```
 */
export function statementNames(): (text: string) => string {
  const names = new Map<string, string>();
  return (text) => {
    let name = names.get(text);
    if (name === undefined) {
      name = `smtp_settings_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  };
}
