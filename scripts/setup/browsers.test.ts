import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browserExecutable, findBrowser, missingBrowser } from './browsers.mjs';

let dir: string;

/** An executable file in the fake PATH directory, or a plain one when `executable` is false. */
function fake(name: string, executable = true): string {
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, executable ? 0o755 : 0o644);
  return path;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'browsers-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('findBrowser', () => {
  it('takes the executable the variable names, ahead of PATH', () => {
    fake('chromium');
    const chosen = fake('my-chrome');
    expect(findBrowser('chromium', { PATH: dir, CHROMIUM_PATH: chosen })).toBe(chosen);
  });

  it('finds Chromium under its other names on PATH', () => {
    const chrome = fake('google-chrome');
    expect(findBrowser('chromium', { PATH: `/nonexistent:${dir}` })).toBe(chrome);
    const chromiumBrowser = fake('chromium-browser');
    expect(findBrowser('chromium', { PATH: dir })).toBe(chromiumBrowser);
  });

  it('prefers Firefox ESR to Firefox, and skips files it may not execute', () => {
    const firefox = fake('firefox');
    fake('firefox-esr', false);
    expect(findBrowser('firefox', { PATH: dir })).toBe(firefox);
    const esr = fake('firefox-esr');
    expect(findBrowser('firefox', { PATH: dir })).toBe(esr);
  });

  it('finds nothing when the variable names a file it may not execute, even with one on PATH', () => {
    fake('chromium');
    const plain = fake('not-a-browser', false);
    expect(findBrowser('chromium', { PATH: dir, CHROMIUM_PATH: plain })).toBeUndefined();
    expect(missingBrowser('chromium', { CHROMIUM_PATH: plain })).toBe(
      `CHROMIUM_PATH is ${plain}, which is not an executable file: point it at Chromium or unset it.`,
    );
  });
});

describe('missingBrowser', () => {
  it('says what to install and which variable to set, in one line', () => {
    expect(findBrowser('firefox', { PATH: dir })).toBeUndefined();
    expect(missingBrowser('firefox', { PATH: dir })).toBe(
      'The tests need Firefox: install it (Debian: apt-get install -y firefox-esr) or set FIREFOX_PATH to its executable.',
    );
    expect(() => browserExecutable('chromium', { PATH: dir })).toThrow(
      'The tests need Chromium: install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH to its executable.',
    );
  });
});
