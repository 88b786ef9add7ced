// A CommonJS TypeScript host (compiled to require() calls): the packages' types must check here under
// `module: commonjs` and `module: node16` alike, and be the real ones, not `any`.
import { randomBytes } from 'node:crypto';
import {
  ApiError,
  createMailer,
  createSmtpConfig,
  createSmtpSettings,
  memoryStore,
} from '@smtp-settings/adapter';
import { type ErrorCode, fieldErrors, SmtpSettingsSchema } from '@smtp-settings/schema';
import { type Context, Hono } from 'hono';
import * as v from 'valibot';

type AppEnv = { Variables: { user?: { isAdmin: boolean } } };

const app = new Hono<AppEnv>();
const config = createSmtpConfig({ store: memoryStore(), secretKey: randomBytes(32).toString('base64') });
app.route(
  '/api/smtp',
  createSmtpSettings({
    config,
    publicUrl: 'https://app.example.test/api/smtp',
    authorize: (c: Context<AppEnv>) => (c.var.user ? c.var.user.isAdmin : 'unauthenticated'),
  }),
);
// @ts-expect-error publicUrl and authorize are required
createSmtpSettings({ config });

export const mailer = createMailer({ config });

const result = v.safeParse(SmtpSettingsSchema, { authType: 'basic', host: 'smtp.example.com', port: 70000 });
export const errors: Record<string, string> = result.success ? {} : fieldErrors(result.issues);
// @ts-expect-error a port is a number
export const port: string | undefined = result.success ? result.output.port : undefined;

export function codeOf(error: unknown): ErrorCode | undefined {
  return error instanceof ApiError ? error.code : undefined;
}
