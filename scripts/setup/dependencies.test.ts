import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { dependenciesInstalled } from './dependencies.mjs';

let root: string;

function install(path: string, version: string) {
  mkdirSync(join(root, path), { recursive: true });
  writeFileSync(join(root, path, 'package.json'), JSON.stringify({ version }));
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'dependencies-'));
  const packages = {
    '': { name: 'app' },
    'packages/lib': { version: '0.1.0' },
    'node_modules/lib': { resolved: 'packages/lib', link: true },
    'node_modules/a': { version: '1.0.0' },
    'node_modules/a/node_modules/b': { version: '2.0.0' },
    'node_modules/@esbuild/win32-x64': { version: '0.25.0', optional: true },
  };
  writeFileSync(join(root, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages }));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

it('holds when every locked package is installed at its version, other platforms’ binaries aside', () => {
  expect(dependenciesInstalled(root)).toBe(false);
  install('node_modules/lib', '0.1.0');
  install('node_modules/a', '1.0.0');
  install('node_modules/a/node_modules/b', '2.0.0');
  expect(dependenciesInstalled(root)).toBe(true);
});

it('fails when a package is missing or at another version than the lockfile pins', () => {
  install('node_modules/lib', '0.1.0');
  install('node_modules/a', '1.0.0');
  expect(dependenciesInstalled(root)).toBe(false);
  install('node_modules/a/node_modules/b', '2.0.1');
  expect(dependenciesInstalled(root)).toBe(false);
});
