import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphFixture, startGraphFixture } from '../../test/graph-fixture.js';
import { SmtpFailure } from '../failures/smtp-failure.js';
import { graphRequest } from './graph-request.js';

const TOKEN = 'eyJ0eXAi.graph-access-token-never-echo.sig';
const MAILBOX = 'notifications@contoso.com';

let graph: GraphFixture;
beforeAll(async () => {
  graph = await startGraphFixture({ acceptsToken: (token) => token === TOKEN });
});
afterAll(() => graph.close());

const lookup = (accessToken = TOKEN, timeoutMs = 2_000) =>
  graphRequest(
    { origin: graph.origin, timeoutMs },
    {
      method: 'GET',
      path: `/v1.0/users/${encodeURIComponent(MAILBOX)}`,
      accessToken,
      stage: 'mailbox',
      mailbox: MAILBOX,
      signIn: 'delegated',
    },
  );

async function failureOf(request: Promise<unknown>): Promise<SmtpFailure> {
  const error = await request.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SmtpFailure);
  return error as SmtpFailure;
}

describe('graphRequest', () => {
  it('sends the bearer token and answers the JSON of a 2xx', async () => {
    expect(await lookup()).toMatchObject({ status: 200, json: { mail: MAILBOX } });
    expect(graph.requests.at(-1)).toMatchObject({ route: 'user', mailbox: MAILBOX, authorized: true });
  });

  it('never lets the token into a failure, even one whose answer quotes it', async () => {
    graph.failNext('user', {
      status: 400,
      code: 'ErrorInvalidRequest',
      message: `Bad header Bearer ${TOKEN}`,
    });
    const failure = await failureOf(lookup());
    expect(failure.serverReply).toBe('400 ErrorInvalidRequest: Bad header Bearer [token]');
    const refused = await failureOf(lookup('another-token-never-echo'));
    expect(refused.code).toBe('AUTH_FAILED');
    for (const text of [failure, refused].flatMap((error) => [
      inspect(error, { depth: 8 }),
      JSON.stringify(error.toTestFailure()),
    ])) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain('another-token-never-echo');
    }
  });

  it('gives up after timeoutMs on a Graph that never answers', async () => {
    graph.stall('user', true);
    try {
      const started = performance.now();
      const failure = await failureOf(lookup(TOKEN, 200));
      expect(performance.now() - started).toBeLessThan(1_500);
      expect(failure).toMatchObject({
        code: 'TIMEOUT',
        stage: 'mailbox',
        params: { limitMs: 200 },
        transient: true,
      });
    } finally {
      graph.stall('user', false);
    }
  });
});
