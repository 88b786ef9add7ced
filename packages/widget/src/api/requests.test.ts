import { expect } from '@open-wc/testing';
import type { TestStage } from '@smtp-settings/schema';
import { basicSettings, ENDPOINT, resetAdapter, testSmtpServer } from '../../test/adapter-fixture.js';
import { createClient } from './client.js';
import { ApiRequestError } from './errors.js';
import { getMeta, getSettings, putSettings } from './requests.js';
import { runTest } from './run-test.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the promise to reject');
}

describe('requests against the real adapter', () => {
  const client = createClient(`${ENDPOINT}/`);

  beforeEach(resetAdapter);

  it('reads the meta', async () => {
    const meta = await getMeta(client);
    expect(meta.requireTestBeforeSave).to.equal(true);
    expect(meta.redirectUris.google).to.equal(`${location.origin}${ENDPOINT}/oauth/google/callback`);
    expect(meta.presets).to.not.be.empty;
  });

  it('reads empty settings at version 0', async () => {
    const view = await getSettings(client);
    expect(view).to.include({ settings: null, version: 0, updatedAt: null });
  });

  it('streams each stage of a test as it finishes, then the result', async () => {
    const smtp = await testSmtpServer();
    const arrived: Array<{ stage: TestStage; at: number }> = [];
    const result = await runTest(
      client,
      { settings: basicSettings(smtp) },
      { onStage: (stage) => arrived.push({ stage, at: performance.now() }) },
    );
    expect(result.error).to.equal(undefined);
    expect(result.ok).to.equal(true);
    expect(result.receipt).to.be.a('string');
    expect(arrived.map(({ stage }) => stage)).to.deep.equal(result.stages);
    expect(result.stages.map(({ name }) => name)).to.include.members(['connect', 'ehlo', 'auth', 'envelope']);
    // smtp-server waits about 100 ms before its greeting: stages read from a buffered body would arrive together.
    const spread = (arrived.at(-1)?.at ?? 0) - (arrived[0]?.at ?? 0);
    expect(spread).to.be.greaterThan(50);
  });

  it('reports a failing stage in the result, not as an error', async () => {
    const smtp = await testSmtpServer();
    const result = await runTest(client, { settings: basicSettings(smtp, { password: 'wrong-password' }) });
    expect(result.ok).to.equal(false);
    expect(result.error).to.include({ code: 'AUTH_FAILED', stage: 'auth' });
    expect(result.receipt).to.equal(undefined);
  });

  it('saves with the receipt of a passing test, and refuses a stale version', async () => {
    const smtp = await testSmtpServer();
    const settings = basicSettings(smtp);
    const first = await runTest(client, { settings });
    const saved = await putSettings(client, {
      settings,
      version: 0,
      ...(first.receipt && { receipt: first.receipt }),
    });
    expect(saved.version).to.equal(1);
    expect(saved.settings).to.deep.include({ host: smtp.host, password: { set: true } });
    expect((await getSettings(client)).version).to.equal(1);

    const renamed = basicSettings(smtp, { fromName: 'Renamed' });
    const second = await runTest(client, { settings: renamed });
    expect(
      (await putSettings(client, { settings: renamed, version: 1, receipt: second.receipt ?? '' })).version,
    ).to.equal(2);

    const third = await runTest(client, { settings });
    const stale = await rejection(
      putSettings(client, { settings, version: 1, receipt: third.receipt ?? '' }),
    );
    expect(stale).to.be.instanceOf(ApiRequestError);
    expect(stale).to.include({ status: 409, code: 'VERSION_CONFLICT' });
  });

  it('refuses to save untested settings', async () => {
    const error = await rejection(
      putSettings(client, { settings: basicSettings(await testSmtpServer()), version: 0 }),
    );
    expect(error).to.be.instanceOf(ApiRequestError);
    expect(error).to.include({ status: 409, code: 'NOT_TESTED' });
  });

  it('carries field errors of a rejected body', async () => {
    const smtp = await testSmtpServer();
    const error = await rejection(runTest(client, { settings: basicSettings(smtp, { port: 70000 }) }));
    expect(error).to.be.instanceOf(ApiRequestError);
    expect(error).to.include({ status: 400, code: 'VALIDATION_FAILED' });
    expect((error as ApiRequestError).fields).to.have.property('port');
  });

  it('explains an endpoint that is not the adapter', async () => {
    const error = await rejection(getMeta(createClient('/not-the-adapter')));
    expect(error).to.be.instanceOf(ApiRequestError);
    expect(error).to.include({ status: 404, code: 'INTERNAL_ERROR' });
    expect((error as Error).message).to.contain('endpoint');
  });

  it('explains a server it cannot reach', async () => {
    const offline = createClient(ENDPOINT, () => Promise.reject(new TypeError('Failed to fetch')));
    const error = await rejection(getSettings(offline));
    expect(error).to.be.instanceOf(ApiRequestError);
    expect(error).to.include({ status: 0, code: 'INTERNAL_ERROR' });
    expect((error as Error).message).to.contain('Could not reach');
  });

  it('lets an abort through as an abort, also in the middle of the stream', async () => {
    const smtp = await testSmtpServer();
    const controller = new AbortController();
    const error = await rejection(
      runTest(
        client,
        { settings: basicSettings(smtp) },
        { onStage: () => controller.abort(), signal: controller.signal },
      ),
    );
    expect(error).to.be.instanceOf(DOMException);
    expect((error as DOMException).name).to.equal('AbortError');
  });

  it('sends requests through the fetch a host provides', async () => {
    const seen: string[] = [];
    const wrapped = createClient(ENDPOINT, (input, init) => {
      seen.push(`${init?.method} ${String(input)}`);
      return fetch(input, init);
    });
    await getSettings(wrapped);
    expect(seen).to.deep.equal([`GET ${ENDPOINT}/settings`]);
  });
});
