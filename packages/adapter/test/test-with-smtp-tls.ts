/**
 * Run by `runTypeScript` in a fresh process: mounts the adapter with `smtpTls: { ca }` (read from the
 * file named by the first argument) and prints, as JSON, the error code of a STARTTLS Test of
 * `localhost` with `basicDraft`'s login at each further argument, a port (`null` when the Test passed).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import type { TestResponse } from '@smtp-settings/schema';
import { memoryStore } from '../src/stores/memory-store.js';
import { basicDraft, createTestApp } from './app-fixture.js';

const [caFile = '', ...ports] = process.argv.slice(2);
const api = createTestApp({ store: memoryStore(), smtpTls: { ca: readFileSync(caFile, 'utf8') } });
const codes: Array<string | null> = [];
for (const port of ports) {
  const settings = basicDraft({ host: 'localhost', port: Number(port), security: 'starttls' });
  const body = (await api.call('POST', '/test', { body: { settings } })).body as TestResponse;
  codes.push(body.error?.code ?? null);
}
process.stdout.write(JSON.stringify(codes));
