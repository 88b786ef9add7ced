import { FromEmailSchema, type TestResponse, type TestStage } from '@smtp-settings/schema';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import * as v from 'valibot';
import type { SmtpSettingsEnv } from '../env.js';
import { ApiError } from '../errors.js';
import { notice } from '../failures/server-text.js';
import { createRateLimiter } from '../middleware/rate-limiter.js';
import type { ResolvedOptions } from '../resolve-options.js';
import { jsonBody, settingsEnvelope } from '../settings/parse-body.js';
import type { SettingsService } from '../settings/settings-service.js';

const TestBodySchema = settingsEnvelope({ sendTo: v.optional(FromEmailSchema) });

/**
 * `POST /test`: runs the staged connection test on the draft settings and, when it passes, returns a
 * receipt that lets `PUT /settings` save exactly these values. With `Accept: text/event-stream` each
 * stage is streamed as a `stage` event as it finishes, then the whole answer as a `result` event.
 */
export function testRoutes(options: ResolvedOptions, service: SettingsService) {
  const limiter = options.testRateLimit ? createRateLimiter(options.testRateLimit, options.clock) : undefined;

  return new Hono<SmtpSettingsEnv>().post('/', jsonBody(TestBodySchema, 'settings'), async (c) => {
    const tenant = c.get('tenant');
    const verdict = limiter?.attempt(tenant) ?? { allowed: true };
    if (!verdict.allowed) {
      c.header('Retry-After', String(verdict.retryAfterSeconds));
      throw new ApiError(
        429,
        'RATE_LIMITED',
        notice('error.tooManyTests', { seconds: verdict.retryAfterSeconds }),
      );
    }
    const { settings, sendTo } = c.req.valid('json');
    const caller = { tenant, actor: c.get('actor') };
    const test = await service.prepareTest(caller, settings);

    const run = (onStage?: (stage: TestStage) => void, signal?: AbortSignal): Promise<TestResponse> =>
      service.runTest(caller, test, { sendTo, onStage, signal });

    if (!c.req.header('Accept')?.includes('text/event-stream'))
      return c.json(await run(undefined, c.req.raw.signal));

    const streamed = streamSSE(c, async (stream) => {
      const aborted = new AbortController();
      stream.onAbort(() => aborted.abort());
      const result = await run(
        (stage) => void stream.writeSSE({ event: 'stage', data: JSON.stringify(stage) }),
        aborted.signal,
      );
      await stream.writeSSE({ event: 'result', data: JSON.stringify(result) });
    });
    // streamSSE says `no-cache`; like every other answer, a test result must not be stored at all.
    streamed.headers.set('Cache-Control', 'no-store');
    return streamed;
  });
}
