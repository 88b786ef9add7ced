/**
 * A Fastify host: the adapter in a plugin of its own under `/api/smtp` that leaves request bodies
 * unparsed and hands the raw request and response to `@hono/node-server`'s `getRequestListener`, so the
 * Test's event stream reaches the browser as it is written; and a notification route that sends through
 * the mailer.
 *
 * @module
 */
import { getRequestListener } from '@hono/node-server';
import { createMailer, createSmtpSettings } from '@smtp-settings/adapter';
import Fastify, { type FastifyPluginAsync, type FastifyRequest } from 'fastify';
import { type Context, Hono } from 'hono';
import type { ExampleOptions } from '../express/app.js';

/** The Fastify request the plugin hands the adapter's hooks as `c.env.fastify`. */
const requestOf = (c: Context) => (c.env as { fastify: FastifyRequest }).fastify;

/** The adapter as a Fastify plugin, registered with `{ prefix: '/api/smtp' }`. */
function smtpSettingsPlugin({ config, publicUrl }: ExampleOptions): FastifyPluginAsync {
  const smtp = new Hono().route(
    new URL(publicUrl).pathname,
    createSmtpSettings({
      config,
      publicUrl,
      authorize: (c) => requestOf(c).user?.isAdmin === true,
      actor: (c) => requestOf(c).user?.email ?? 'admin',
    }),
  );
  return async (scope) => {
    // The adapter reads (and bounds) the body itself: in this plugin's scope no parser may consume it.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.all('/*', (request, reply) => {
      // Fastify stays out of the response, so the Test's event stream is written as it comes.
      reply.hijack();
      void getRequestListener((req) => smtp.fetch(req, { fastify: request }))(request.raw, reply.raw);
    });
  };
}

/**
 * Builds the Fastify app.
 *
 * @example
 * await createFastifyApp({ config: smtpConfig, publicUrl: 'https://app.example.com/api/smtp' }).listen({ port: 3000 });
 */
export function createFastifyApp(options: ExampleOptions) {
  const app = Fastify();
  // A stand-in for your session plugin (@fastify/session, @fastify/jwt): it sets request.user.
  app.decorateRequest('user', undefined);
  app.addHook('onRequest', async (request) => {
    request.user = { isAdmin: request.headers['x-role'] === 'admin', email: 'admin@example.test' };
  });
  app.register(smtpSettingsPlugin(options), { prefix: '/api/smtp' });

  const mailer = createMailer({ config: options.config, tenant: 'default' });
  app.post<{ Body: { to: string } }>('/notify', async (request, reply) => {
    await mailer.send({
      to: request.body.to,
      subject: 'Test case TC-42 was updated',
      text: 'Step 3 changed.',
    });
    return reply.code(202).send({ sent: true });
  });
  return app;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** What the stand-in session hook puts on the request. */
    user?: { isAdmin: boolean; email: string };
  }
}
