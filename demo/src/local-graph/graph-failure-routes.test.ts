import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ACCOUNTS, LOCAL_CLIENTS } from '../local-oauth/local-providers.js';
import { graphFailureRoutes } from './graph-failure-routes.js';
import { type LocalGraph, startLocalGraph } from './local-graph.js';

describe('/demo/graph/failure', () => {
  let graph: LocalGraph;
  beforeAll(async () => {
    graph = await startLocalGraph({
      // Every token passes: these tests are about the switch, not the tokens.
      microsoft: {
        account: LOCAL_ACCOUNTS.microsoft,
        registration: LOCAL_CLIENTS.microsoft,
        issued: () => true,
      },
      secretExpiresAt: new Date('2027-03-01T00:00:00Z'),
      onMail: () => {},
    });
  });
  afterAll(() => graph.stop());

  const routes = () => graphFailureRoutes(graph);
  const post = (json: unknown, origin = 'http://localhost') =>
    routes().request('http://localhost/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: origin },
      body: JSON.stringify(json),
    });
  const lookup = () =>
    fetch(`${graph.url}/v1.0/users/${LOCAL_ACCOUNTS.microsoft}`, { headers: { Authorization: 'Bearer t' } });

  it('makes the local Graph answer with a failure, with the Retry-After asked for, and back to normal', async () => {
    const initial = await routes().request('http://localhost/');
    expect(initial.headers.get('cache-control')).toBe('no-store');
    expect(await initial.json()).toEqual({ failing: false });

    const throttled = await post({ failing: true, mode: 'throttled', retryAfterSeconds: 7 });
    expect(throttled.status).toBe(200);
    expect(await throttled.json()).toEqual({
      failing: true,
      mode: 'throttled',
      retryAfterSeconds: 7,
      since: expect.any(String),
    });
    const answer = await lookup();
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('7');

    expect(await (await post({ failing: false })).json()).toEqual({ failing: false });
    expect((await lookup()).status).toBe(200);
  });

  it.each([
    ['a missing body', undefined, { failing: 'Must be true or false.' }],
    ['failing that is no boolean', { failing: 'yes' }, { failing: 'Must be true or false.' }],
    [
      'an unknown mode',
      { failing: true, mode: 'sideways' },
      { mode: expect.stringContaining('"throttled"') },
    ],
    [
      'a Retry-After of an hour and more',
      { failing: true, mode: 'throttled', retryAfterSeconds: 3601 },
      { retryAfterSeconds: 'Must be a whole number of seconds from 0 to 3600.' },
    ],
  ])('refuses %s with VALIDATION_FAILED and changes nothing', async (_case, json, fields) => {
    const answer = await post(json);
    expect(answer.status).toBe(400);
    const body = await answer.text();
    expect(JSON.parse(body)).toEqual({
      error: { code: 'VALIDATION_FAILED', message: expect.any(String), fields },
    });
    expect(body).not.toContain('sideways');
    expect(graph.failure()).toEqual({ failing: false });
  });

  it('refuses a form post from another site', async () => {
    const answer = await routes().request('http://localhost/', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: 'https://attacker.example' },
      body: '{"failing":true,"mode":"unavailable"}',
    });
    expect(answer.status).toBe(403);
    expect(graph.failure()).toEqual({ failing: false });
  });
});
