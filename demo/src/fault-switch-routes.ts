import { type Context, Hono } from 'hono';
import { csrf } from 'hono/csrf';
import * as v from 'valibot';

/** What a fault switch of the demo is: its state, how a request to change it reads, and the change. */
export interface FaultSwitch<TSchema extends v.GenericSchema> {
  /** The request body: a variant on `key`, e.g. `{ down: false }` or `{ down: true, mode }`. */
  schema: TSchema;
  /** The field that turns the fault on or off, blamed when the body is not an object at all. */
  key: string;
  /** Our own words per field for a bad request: the input is never echoed back. */
  fieldMessages: Readonly<Record<string, string>>;
  /** The message of a bad request, naming the shapes the switch takes. */
  usage: string;
  /** The switch's state, as `GET /` answers it. */
  state(): unknown;
  /** Applies a valid request and answers (the new state, or why it could not be applied). */
  apply(request: v.InferOutput<TSchema>, c: Context): Response | Promise<Response>;
}

/**
 * The routes of a demo fault switch (the mail server's outage, Microsoft Graph's failures): `GET /` answers
 * its state and `POST /` changes it, CSRF-protected and never cached; a bad body answers 400
 * `VALIDATION_FAILED` with a message per field.
 *
 * @example
 * app.route('/demo/graph/failure', faultSwitchRoutes({ schema, key: 'failing', fieldMessages, usage, state, apply }));
 */
export function faultSwitchRoutes<TSchema extends v.GenericSchema>(fault: FaultSwitch<TSchema>) {
  return (
    new Hono()
      // Another site's page must not break the admin's mail with a form post.
      .use(csrf())
      .use(async (c, next) => {
        await next();
        c.header('Cache-Control', 'no-store');
      })
      .get('/', (c) => c.json(fault.state()))
      .post('/', async (c) => {
        const body = v.safeParse(fault.schema, await c.req.json().catch(() => undefined));
        if (body.success) return fault.apply(body.output, c);
        const invalid = Object.keys(v.flatten(body.issues).nested ?? {});
        const fields = invalid.includes(fault.key) || invalid.length === 0 ? [fault.key] : invalid;
        return c.json(
          {
            error: {
              code: 'VALIDATION_FAILED',
              message: fault.usage,
              fields: Object.fromEntries(fields.map((field) => [field, fault.fieldMessages[field] ?? ''])),
            },
          },
          400,
        );
      })
  );
}
