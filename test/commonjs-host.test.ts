import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The packages as published: both cases read each package's `exports` and its built dist/ (`npm run build`).
const HOST = fileURLToPath(new URL('./commonjs-host/', import.meta.url));
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** Runs Node with `args` in the host folder and settles with what it printed, failing or not. */
function node(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: HOST }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('a CommonJS host', () => {
  it('require()s every entry point and runs the adapter, the schema and the widget', async () => {
    const { code, stdout, stderr } = await node(['app.cjs']);

    expect(stderr).toBe('');
    expect(code).toBe(0);
    const port = 'Port must be a whole number from 1 to 65535';
    expect(JSON.parse(stdout)).toEqual({
      rejected: { status: 400, code: 'VALIDATION_FAILED', fields: { port } },
      saved: 200,
      read: { status: 200, host: 'smtp.example.com', password: { set: true } },
      fieldErrors: { port },
      sameAdapter: true,
      sameSchema: true,
      sameWidget: true,
      defined: { settings: true, deliveryLog: true },
      react: ['object', 'object'],
    });
  });

  it.concurrent.each(['node16', 'commonjs'])(
    'type-checks against the packages with module: %s',
    async (module) => {
      const { code, stdout } = await node([TSC, '-p', '.', '--module', module]);

      expect(stdout).toBe('');
      expect(code).toBe(0);
    },
    120_000,
  );
});
