import type { ErrorResponse } from '@smtp-settings/schema';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { capturingLogger } from '../../test/outbox-fixture.js';
import { SecretUnreadableError } from '../crypto/secret-box.js';
import { MICROSOFT_ERRORS, microsoftFlowError } from '../providers/microsoft/errors.js';
import { oauthFlowError } from '../providers/sign-in-errors.js';
import { errorHandler } from './error-handler.js';

/** What the error handler answers for `error` thrown by a route. */
async function answerTo(error: Error) {
  const app = new Hono();
  app.onError(errorHandler(capturingLogger()));
  app.get('/', () => {
    throw error;
  });
  const res = await app.request('/');
  return { status: res.status, body: (await res.json()) as ErrorResponse };
}

describe('errorHandler', () => {
  it('answers a sign-in the provider refused at start with the problem and fix as texts of their own, and the field by key', async () => {
    const error = microsoftFlowError(
      { kind: 'client', reason: 'endpoints_resolution_error' },
      'https://app.example.com/api/smtp/oauth/microsoft/callback',
      [],
    );
    const { status, body } = await answerTo(error);
    expect(status).toBe(400);
    expect(body).toEqual({
      error: {
        code: 'OAUTH_TENANT_INVALID',
        message: `${error.message} ${error.hint}`,
        messageKey: 'error.signInRefused',
        params: {
          reason: 'endpoints_resolution_error',
          problem: "Microsoft could not load the tenant's sign-in settings (endpoints_resolution_error).",
          problemKey: 'signIn.tenantUnloadable',
          fix: error.hint,
          fixKey: 'hint.signInTenantReach',
        },
        fields: { tenantId: error.message },
        fieldKeys: { tenantId: 'signIn.tenantUnloadable' },
      },
    });
  });

  it('answers a refusal with a redirect URI in its fix with that URI among the params', async () => {
    const redirectUri = 'https://app.example.com/api/smtp/oauth/microsoft/callback';
    const error = oauthFlowError(
      MICROSOFT_ERRORS,
      { error: 'invalid_request', error_description: 'AADSTS50011: The redirect URI does not match.' },
      redirectUri,
    );
    const { body } = await answerTo(error);
    expect(body.error).toMatchObject({
      code: 'OAUTH_REDIRECT_MISMATCH',
      params: {
        provider: 'Microsoft',
        codes: 'invalid_request, AADSTS50011',
        redirectUri,
        problemKey: 'signIn.redirectUnlisted',
        fixKey: 'hint.signInRedirectMicrosoft',
      },
    });
    expect(body.error.params?.fix).toContain(redirectUri);
    expect(body.error.fieldKeys).toBeUndefined();
  });

  it('answers a stored secret it cannot open with the reason by key, and the field by key', async () => {
    const { status, body } = await answerTo(new SecretUnreadableError('password', 'unknown-key', 'k7'));
    expect(status).toBe(422);
    expect(body).toEqual({
      error: {
        code: 'SECRET_UNREADABLE',
        message:
          'The stored password cannot be decrypted: it was sealed with a key that is no longer configured (key id k7); add that key back to secretKey after the current one.',
        messageKey: 'error.secretKeyUnknown',
        params: { field: 'password', keyId: 'k7' },
        fields: { password: 'The saved value can no longer be decrypted. Enter it again.' },
        fieldKeys: { password: 'field.secretUnreadable' },
      },
    });
  });
});
