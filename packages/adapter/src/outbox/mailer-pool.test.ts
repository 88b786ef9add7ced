import { describe, expect, it } from 'vitest';
import { testClock } from '../../test/outbox-fixture.js';
import type { Mailer } from '../mailer/create-mailer.js';
import { createMailerPool } from './mailer-pool.js';

function setup(capacity: number, perMailer = 2) {
  const time = testClock();
  const closed: string[] = [];
  const pool = createMailerPool({
    create: (tenant) => ({ close: async () => void closed.push(tenant) }) as Mailer,
    capacity,
    perMailer,
    idleMs: 30_000,
    clock: time.clock,
    onCloseError: () => {},
  });
  return { pool, closed, time };
}

describe('createMailerPool', () => {
  it('gives each tenant at most perMailer slots on one mailer', () => {
    const { pool } = setup(2);
    const first = pool.acquire('acme');
    expect(pool.acquire('acme')).toBe(first);
    expect(pool.acquire('acme')).toBeUndefined();
    pool.release('acme');
    expect(pool.acquire('acme')).toBe(first);
  });

  it('closes a mailer released with `close` once no other send uses it', () => {
    const { pool, closed } = setup(2);
    pool.acquire('acme');
    pool.acquire('acme');
    pool.release('acme', { close: true });
    expect(closed).toEqual([]);
    pool.release('acme', { close: true });
    expect(closed).toEqual(['acme']);
    expect(pool.has('acme')).toBe(false);
    expect(pool.admissible()).toBe(2);
  });

  it('closes the least recently used idle mailer to make room, and never a busy one', () => {
    const { pool, closed } = setup(2);
    pool.acquire('a');
    pool.acquire('b');
    expect(pool.admissible()).toBe(0);
    expect(pool.acquire('c')).toBeUndefined();
    pool.release('b');
    pool.release('a');
    pool.acquire('b');
    pool.release('b');
    // Both idle; `a` was used least recently.
    expect(pool.admissible()).toBe(2);
    expect(pool.acquire('c')).toBeDefined();
    expect(closed).toEqual(['a']);
    expect(pool.tenants().sort()).toEqual(['b', 'c']);
  });

  it('closes mailers idle for idleMs, and all on close', async () => {
    const { pool, closed, time } = setup(3);
    pool.acquire('a');
    pool.acquire('b');
    pool.release('a');
    time.advance(30_000);
    pool.closeIdle();
    expect(closed).toEqual(['a']);
    await pool.close();
    expect(closed).toEqual(['a', 'b']);
    expect(pool.tenants()).toEqual([]);
  });

  it('says when a mailer had its turn: 100 sends, or half a minute', () => {
    const { pool, time } = setup(2, 200);
    pool.acquire('a');
    pool.acquire('b');
    for (let n = 1; n < 100; n += 1) pool.acquire('a');
    expect(pool.hadTurn('a')).toBe(true);
    expect(pool.hadTurn('b')).toBe(false);
    time.advance(30_000);
    expect(pool.hadTurn('b')).toBe(true);
    expect(pool.hadTurn('nobody')).toBe(false);
  });
});
