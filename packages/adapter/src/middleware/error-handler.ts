import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { SecretUnreadableError } from '../crypto/secret-box.js';
import { ApiError } from '../errors.js';
import { notice } from '../failures/server-text.js';
import type { Logger } from '../options.js';
import { OAuthFlowError } from '../providers/oauth-flow-error.js';
import { StoreBusyError } from '../stores/store.js';

/** What a busy store's 503 tells the client to wait, in seconds: a lock held longer than the budget is rare and soon gone. */
const STORE_BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * The sub-app's single `onError`: every failure becomes
 * `{ error: { code, message, messageKey, params?, fields?, fieldKeys? } }`. Unexpected errors are logged
 * by name and message only and answered without any detail.
 */
export function errorHandler(logger: Logger): ErrorHandler {
  return (error, c) => {
    if (error instanceof StoreBusyError) {
      // Worth a line: another process holding the database this long points at a stuck job or a backup.
      logger.warn('smtp-settings: the store is busy', {
        method: c.req.method,
        path: c.req.path,
        operation: error.operation,
        waitedMs: error.waitedMs,
      });
      c.header('Retry-After', String(STORE_BUSY_RETRY_AFTER_SECONDS));
      const busy = new ApiError(503, 'STORE_BUSY', notice('error.storeBusy'));
      return c.json(busy.toResponseBody(), 503);
    }
    const known = toApiError(error);
    if (known) return c.json(known.toResponseBody(), known.status);

    logger.error('smtp-settings: request failed', {
      method: c.req.method,
      path: c.req.path,
      error: error.name,
      reason: error.message,
    });
    const internal = new ApiError(500, 'INTERNAL_ERROR', notice('error.internal'));
    return c.json(internal.toResponseBody(), 500);
  };
}

function toApiError(error: Error): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof SecretUnreadableError) {
    const text = { message: error.message, messageKey: error.messageKey, params: error.params };
    return new ApiError(422, 'SECRET_UNREADABLE', text, {
      [error.field]: notice('field.secretUnreadable'),
    });
  }
  if (error instanceof OAuthFlowError) {
    // Raised while building the sign-in URL, e.g. MSAL finding no such tenant: the form's fields are wrong.
    const field = { OAUTH_TENANT_INVALID: 'tenantId', OAUTH_CLIENT_INVALID: 'clientId' }[
      error.code as string
    ];
    // The problem and its fix, each a server text a translation replaces (`problemKey`, `fixKey`).
    const params = {
      ...error.params,
      problem: error.message,
      problemKey: error.messageKey,
      fix: error.hint,
      fixKey: error.hintKey,
    };
    const text = notice('error.signInRefused', params);
    const problem = { message: error.message, messageKey: error.messageKey, params: error.params };
    return new ApiError(400, error.code, text, field ? { [field]: problem } : undefined);
  }
  if (error instanceof HTTPException && error.status === 400) {
    // Hono's validator says "Malformed JSON in request body"; anything else it throws is ours to word.
    return new ApiError(400, 'VALIDATION_FAILED', notice('error.invalidJson'));
  }
  if (error instanceof HTTPException && error.status === 413) {
    return new ApiError(413, 'PAYLOAD_TOO_LARGE', notice('error.tooLarge'));
  }
  return undefined;
}
