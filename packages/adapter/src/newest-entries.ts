/**
 * Bounds a `Map` used as a cache to its newest entries, by the order a `Map` keeps on its own: the order
 * its keys were first set in. Evicting the first key is then evicting the oldest, with no list or
 * timestamps beside the map.
 */

/**
 * Drops `map`'s oldest entries until it holds at most `max`.
 *
 * @example
 * ```ts
 * known.set(tenant, revision);
 * keepNewest(known, 10_000);
 * ```
 */
export function keepNewest<K, V>(map: Map<K, V>, max: number): void {
  while (map.size > max) {
    const oldest = map.keys().next();
    if (oldest.done) return;
    map.delete(oldest.value);
  }
}

/**
 * Sets `key` to `value` as `map`'s newest entry, even when it was there already (so a map set on every use
 * keeps the least recently used first), then drops the oldest entries beyond `max`.
 *
 * @example
 * ```ts
 * setNewest(views, tenant, view, 1_000);
 * ```
 */
export function setNewest<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  keepNewest(map, max);
}
