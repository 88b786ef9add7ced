import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const WIDGET = fileURLToPath(new URL('../packages/widget/', import.meta.url));
const CEM = createRequire(join(WIDGET, 'package.json')).resolve('@custom-elements-manifest/analyzer/cem.js');

interface Member {
  name: string;
  kind: string;
  static?: boolean;
  privacy?: string;
}
interface Declaration {
  name: string;
  tagName?: string;
  customElement?: boolean;
  members?: Member[];
  events?: { name: string; type?: { text: string } }[];
}
interface Manifest {
  modules: { path: string; declarations: Declaration[] }[];
}

let manifest: Manifest;
let out: string;

// The analyzer runs on the sources here, into a folder of its own (`--outdir` is relative to the package):
// a stale custom-elements.json cannot pass.
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'cem-'));
  const config = 'custom-elements-manifest.config.mjs';
  await promisify(execFile)(
    process.execPath,
    [CEM, 'analyze', '--config', config, '--outdir', relative(WIDGET, out)],
    {
      cwd: WIDGET,
    },
  );
  manifest = JSON.parse(await readFile(join(out, 'custom-elements.json'), 'utf8'));
}, 60_000);
afterAll(() => rm(out, { recursive: true, force: true }));

const element = (tag: string) => {
  const found = manifest.modules.flatMap((m) => m.declarations).find((d) => d.tagName === tag);
  if (!found) throw new Error(`custom-elements.json has no <${tag}>`);
  return found;
};
const exportedClasses = () => new Set(manifest.modules.flatMap((m) => m.declarations.map((d) => d.name)));

describe('custom-elements.json', () => {
  it.each([
    [
      'smtp-settings',
      [
        'smtp-settings-load',
        'smtp-settings-input',
        'smtp-settings-change',
        'smtp-settings-test',
        'smtp-settings-save',
        'smtp-settings-error',
      ],
    ],
    ['smtp-delivery-log', ['smtp-delivery-resend', 'smtp-delivery-discard', 'smtp-delivery-log-error']],
  ])('gives every event of <%s> its type, a class the package exports', (tag, events) => {
    const listed = element(tag).events ?? [];

    expect(listed.map((event) => event.name)).toEqual(events);
    for (const event of listed) {
      expect(event.type?.text, event.name).toMatch(/^Smtp\w+Event$/);
      expect(exportedClasses(), event.name).toContain(event.type?.text);
    }
  });

  it.each([
    ['smtp-settings', ['endpoint', 'locale', 'strings', 'sendTestTo', 'pollInterval']],
    ['smtp-delivery-log', ['endpoint', 'locale', 'strings', 'pollInterval', 'pageSize']],
  ])('lists only the public properties of <%s>: no private, protected or Lit statics', (tag, properties) => {
    const members = element(tag).members ?? [];

    expect(members.map((member) => member.name)).toEqual(properties);
    expect(members.filter((member) => member.static || (member.privacy ?? 'public') !== 'public')).toEqual(
      [],
    );
  });
});
