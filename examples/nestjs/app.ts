/**
 * A NestJS host on its Express platform: the adapter mounted through `@hono/node-server`'s
 * `getRequestListener` before Nest's JSON body parser, and a controller that sends a notification
 * through the mailer.
 *
 * @module
 */
import 'reflect-metadata';
import { getRequestListener } from '@hono/node-server';
import { Body, Controller, HttpCode, Inject, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createMailer, createSmtpSettings, type Mailer } from '@smtp-settings/adapter';
import type { Request } from 'express';
import type { Context } from 'hono';
import type { ExampleOptions } from '../express/app.js';

const MAILER = Symbol('mailer');

/** The Express request that `getRequestListener` hands the adapter's hooks as `c.env.incoming`. */
const requestOf = (c: Context) => (c.env as { incoming: Request }).incoming;

/** `POST /notify`: sends "Test case TC-42 was updated" to `{ to }`. */
@Controller('notify')
class NotifyController {
  constructor(@Inject(MAILER) private readonly mailer: Mailer) {}

  /** Hands the notification to the mailer. */
  @Post()
  @HttpCode(202)
  async notify(@Body() body: { to: string }) {
    await this.mailer.send({ to: body.to, subject: 'Test case TC-42 was updated', text: 'Step 3 changed.' });
    return { sent: true };
  }
}

/**
 * Builds the Nest app, not yet listening.
 *
 * @example
 * await (await createNestApp({ config: smtpConfig, publicUrl: 'https://app.example.com/api/smtp' })).listen(3000);
 */
export async function createNestApp({ config, publicUrl }: ExampleOptions) {
  @Module({
    controllers: [NotifyController],
    providers: [{ provide: MAILER, useValue: createMailer({ config, tenant: 'default' }) }],
  })
  class AppModule {}

  // Nest's own body parser is registered when the app initializes, after these app.use() calls; turning
  // it off and registering it after the adapter keeps that order even for an app initialized early.
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    logger: false,
  });
  // A stand-in for your session middleware or guard (passport): it sets req.user.
  app.use((req: Request, _res: unknown, next: () => void) => {
    req.user = { isAdmin: req.get('X-Role') === 'admin', email: 'admin@example.test' };
    next();
  });
  const smtpSettings = createSmtpSettings({
    config,
    publicUrl,
    authorize: (c) => requestOf(c).user?.isAdmin === true,
    actor: (c) => requestOf(c).user?.email ?? 'admin',
  });
  app.use('/api/smtp', getRequestListener(smtpSettings.fetch));
  app.useBodyParser('json'); // after the adapter, which reads the body itself
  return app;
}
