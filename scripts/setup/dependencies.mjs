// Whether the npm dependencies are installed as package-lock.json pins them. Node built-ins only: this runs
// before they are.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Whether every package of `root`'s package-lock.json is installed at its locked version. It reads each
 * installed package.json (about 800, tens of milliseconds) rather than npm's hidden lockfile, which another
 * checkout sharing the same node_modules (hard links) may have rewritten.
 */
export function dependenciesInstalled(root) {
  const lockfile = join(root, 'package-lock.json');
  if (!existsSync(join(root, 'node_modules')) || !existsSync(lockfile)) return false;
  const { packages } = JSON.parse(readFileSync(lockfile, 'utf8'));
  for (const [path, locked] of Object.entries(packages)) {
    if (!path.includes('node_modules/')) continue;
    const manifest = join(root, path, 'package.json');
    if (!existsSync(manifest)) {
      // Optional packages for other platforms (esbuild's, rolldown's binaries) are never installed here.
      if (locked.optional) continue;
      return false;
    }
    if (!locked.link && JSON.parse(readFileSync(manifest, 'utf8')).version !== locked.version) return false;
  }
  return true;
}
