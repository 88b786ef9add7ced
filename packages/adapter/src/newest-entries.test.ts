import { describe, expect, it } from 'vitest';
import { keepNewest, setNewest } from './newest-entries.js';

describe('keepNewest', () => {
  it('drops the entries set first until the map holds the given number', () => {
    const map = new Map([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
    ]);
    keepNewest(map, 2);
    expect([...map]).toEqual([
      ['c', 3],
      ['d', 4],
    ]);
  });

  it('leaves a map within the bound as it is, and a value set again where it was first set', () => {
    const map = new Map([
      ['a', 1],
      ['b', 2],
    ]);
    map.set('a', 10);
    keepNewest(map, 2);
    expect([...map]).toEqual([
      ['a', 10],
      ['b', 2],
    ]);
    map.set('c', 3);
    keepNewest(map, 2);
    expect([...map.keys()]).toEqual(['b', 'c']);
  });

  it('empties the map for a bound of 0', () => {
    const map = new Map([['a', 1]]);
    keepNewest(map, 0);
    expect(map.size).toBe(0);
  });
});

describe('setNewest', () => {
  it('moves a key set again to the newest place, so the least recently set goes first', () => {
    const map = new Map<string, number>();
    for (const [key, value] of [
      ['a', 1],
      ['b', 2],
      ['a', 3],
      ['c', 4],
    ] as const) {
      setNewest(map, key, value, 2);
    }
    expect([...map]).toEqual([
      ['a', 3],
      ['c', 4],
    ]);
  });

  it('keeps every entry while the map is within the bound', () => {
    const map = new Map<string, number>();
    setNewest(map, 'a', 1, 2);
    setNewest(map, 'b', 2, 2);
    expect([...map.keys()]).toEqual(['a', 'b']);
  });
});
