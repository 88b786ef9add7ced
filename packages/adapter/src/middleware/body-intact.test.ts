import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { basicDraft, MOUNT, newSecretKey, ORIGIN, PUBLIC_URL } from '../../test/app-fixture.js';
import { createSmtpSettings } from '../create-smtp-settings.js';
import { memoryStore } from '../stores/memory-store.js';

// The Node side (an Express or Fastify parser that read the stream) is held by examples/express.
const adapter = () =>
  createSmtpSettings({
    store: memoryStore(),
    secretKey: newSecretKey(),
    publicUrl: PUBLIC_URL,
    authorize: () => true,
    requireTestBeforeSave: false,
  });

/** `PUT /settings` at `url`, with the `Content-Length` a Node server's request carries. */
const putSettings = (url: string) => {
  const body = JSON.stringify({ settings: basicDraft() });
  const headers = {
    Origin: ORIGIN,
    'Content-Type': 'application/json',
    'Content-Length': String(body.length),
  };
  return new Request(url, { method: 'PUT', headers, body });
};

describe('a request body read before the adapter', () => {
  it('answers 500 BODY_ALREADY_READ naming the mount order when the host consumed the Web Request', async () => {
    const request = putSettings(`${ORIGIN}/settings`);
    await request.json();

    const response = await adapter().fetch(request);

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: {
        code: 'BODY_ALREADY_READ',
        message: expect.stringContaining('mount the adapter before any body parser'),
        messageKey: 'error.bodyAlreadyRead',
      },
    });
  });

  it("still saves when a host's Hono middleware read the body through c.req (Hono keeps it)", async () => {
    const host = new Hono();
    host.use(async (c, next) => {
      await c.req.json();
      await next();
    });
    host.route(MOUNT, adapter());

    const response = await host.fetch(putSettings(`${PUBLIC_URL}/settings`));

    expect(response.status).toBe(200);
  });
});
