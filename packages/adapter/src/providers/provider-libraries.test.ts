import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTypeScript } from '../../test/fresh-process.js';
import { moduleLogArgs } from '../../test/module-log.js';

const CHILD = new URL('../../test/provider-library-loads.ts', import.meta.url);

describe('provider libraries', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-settings-modules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('load only when their provider is first used, in a fresh process', { timeout: 60_000 }, async () => {
    const file = join(dir, 'modules.log');
    writeFileSync(file, '');
    const steps = JSON.parse(await runTypeScript(CHILD, { execArgv: moduleLogArgs(file), args: [file] }));
    // Importing the adapter, and Test, Save and a mailer's send with Basic settings, load neither library.
    expect(steps.imported).toEqual({ ok: true, libraries: [] });
    expect(steps.basic).toEqual({ ok: true, libraries: [] });
    // Google settings load google-auth-library for their tokens, and still not MSAL.
    expect(steps.google).toEqual({ ok: true, libraries: ['google-auth-library'] });
    // Microsoft settings load MSAL: the log sees a library as soon as it is used.
    expect(steps.microsoft).toEqual({ ok: true, libraries: ['@azure/msal-node', 'google-auth-library'] });
  });
});
