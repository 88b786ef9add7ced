import { ServerError } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { GOOGLE_ERRORS } from './google/errors.js';
import { readGaxiosError } from './google/gaxios-errors.js';
import { MICROSOFT_ERRORS } from './microsoft/errors.js';
import { readMsalError } from './microsoft/msal-errors.js';
import { OAuthFlowError } from './oauth-flow-error.js';
import { libraryFlowError, oauthFlowError } from './sign-in-errors.js';

const REDIRECT_URI = 'https://app.example.com/smtp-settings/oauth/microsoft/callback';
const SECRET = 'client~Secret.never-echo-1234';

/** What Entra ID sends: the AADSTS number leads the description, trace lines follow. */
const aadsts = (error: string, number: number, text: string) => ({
  error,
  error_description: `AADSTS${number}: ${text}\r\nTrace ID: 0f1e2d3c\r\nCorrelation ID: 4b5a6978\r\nTimestamp: 2025-06-01 12:00:00Z`,
});

describe('oauthFlowError', () => {
  it.each([MICROSOFT_ERRORS, GOOGLE_ERRORS])(
    'says OAUTH_ACCESS_DENIED when the $label sign-in was cancelled',
    (table) => {
      const error = oauthFlowError(table, { error: 'access_denied' }, REDIRECT_URI);
      expect(error).toBeInstanceOf(OAuthFlowError);
      expect(error).toMatchObject({ code: 'OAUTH_ACCESS_DENIED', providerError: 'access_denied' });
      expect(error.hint).toContain('Get Refresh Token');
    },
  );

  it.each([
    [
      50194,
      'invalid_request',
      'Application is not configured as a multi-tenant application.',
      'not "common"',
    ],
    [90002, 'invalid_tenant', "Tenant 'contoso.onmicrosoft.co' not found.", 'Tenant ID'],
    [
      900023,
      'invalid_request',
      'Specified tenant identifier is neither a valid DirectoryId nor a valid external domain.',
      'Tenant ID',
    ],
  ])('says OAUTH_TENANT_INVALID for AADSTS%s', (number, error, text, hint) => {
    const flowError = oauthFlowError(MICROSOFT_ERRORS, aadsts(error, number, text), REDIRECT_URI);
    expect(flowError).toMatchObject({ code: 'OAUTH_TENANT_INVALID', providerError: `AADSTS${number}` });
    expect(flowError.hint).toContain(hint);
    expect(flowError.message).toContain(`(${error}, AADSTS${number})`);
  });

  it.each([
    [7000215, 'Invalid client secret provided.', 'not its Secret ID'],
    [7000222, 'The provided client secret keys for app are expired.', 'Create a new client secret'],
    [700016, "Application with identifier 'x' was not found in the directory 'contoso'.", 'Client ID'],
  ])('says OAUTH_CLIENT_INVALID for AADSTS%s', (number, text, hint) => {
    const error = oauthFlowError(MICROSOFT_ERRORS, aadsts('invalid_client', number, text), REDIRECT_URI);
    expect(error).toMatchObject({ code: 'OAUTH_CLIENT_INVALID', providerError: `AADSTS${number}` });
    expect(error.hint).toContain(hint);
  });

  it('says OAUTH_REDIRECT_MISMATCH with the URL to register for AADSTS50011', () => {
    const answer = aadsts('invalid_request', 50011, `The redirect URI '${REDIRECT_URI}' does not match.`);
    const error = oauthFlowError(MICROSOFT_ERRORS, answer, REDIRECT_URI);
    expect(error).toMatchObject({ code: 'OAUTH_REDIRECT_MISMATCH', providerError: 'AADSTS50011' });
    expect(error.hint).toContain(REDIRECT_URI);
    expect(error.hint).toContain('Web platform');
  });

  it("says OAUTH_REDIRECT_MISMATCH with the URL to add for Google's redirect_uri_mismatch", () => {
    const redirectUri = 'https://app.example.com/smtp-settings/oauth/google/callback';
    const error = oauthFlowError(GOOGLE_ERRORS, { error: 'redirect_uri_mismatch' }, redirectUri);
    expect(error).toMatchObject({ code: 'OAUTH_REDIRECT_MISMATCH', providerError: 'redirect_uri_mismatch' });
    expect(error.hint).toContain(redirectUri);
    expect(error.hint).toContain('Authorized redirect URIs');
  });

  it('says OAUTH_CLIENT_INVALID for invalid_client without an AADSTS number', () => {
    const error = oauthFlowError(
      GOOGLE_ERRORS,
      { error: 'invalid_client', error_description: 'Unauthorized' },
      REDIRECT_URI,
    );
    expect(error).toMatchObject({ code: 'OAUTH_CLIENT_INVALID', providerError: 'invalid_client' });
  });

  it('says OAUTH_FAILED "start again" for invalid_grant', () => {
    const error = oauthFlowError(
      GOOGLE_ERRORS,
      { error: 'invalid_grant', error_description: 'Bad Request' },
      REDIRECT_URI,
    );
    expect(error).toMatchObject({ code: 'OAUTH_FAILED', providerError: 'invalid_grant' });
    expect(error.hint).toMatch(/^Start again/);
  });

  it('says OAUTH_FAILED naming the code and its first sentence for anything else', () => {
    const answer = aadsts('invalid_request', 90014, 'The required field is missing. More text.');
    const error = oauthFlowError(MICROSOFT_ERRORS, answer, REDIRECT_URI);
    expect(error).toMatchObject({ code: 'OAUTH_FAILED', providerError: 'AADSTS90014' });
    expect(error.message).toBe(
      'Microsoft refused the sign-in (invalid_request, AADSTS90014: The required field is missing.).',
    );
    expect(error.hint).toContain('https://login.microsoftonline.com/error?code=90014');
  });

  it('never repeats a known secret or a made-up error code', () => {
    const echoed = oauthFlowError(
      GOOGLE_ERRORS,
      { error: 'invalid_request', error_description: `client_secret=${SECRET} is malformed.` },
      REDIRECT_URI,
      [SECRET],
    );
    expect(echoed.message).not.toContain(SECRET);
    const forged = oauthFlowError(GOOGLE_ERRORS, { error: 'Call +1 555 0100 to fix this' }, REDIRECT_URI);
    expect(forged.message).toBe('Google refused the sign-in (unknown error).');
    expect(forged.providerError).toBeUndefined();
  });
});

describe('libraryFlowError', () => {
  it('maps an MSAL ServerError by its AADSTS number', () => {
    const serverError = new ServerError(
      'invalid_client',
      'correlation-id',
      `Error(s): 7000215 - Timestamp: now - Description: AADSTS7000215: Invalid client secret provided: ${SECRET}. - Correlation ID: c - Trace ID: t`,
      '',
      '7000215',
      401,
    );
    const error = libraryFlowError(MICROSOFT_ERRORS, readMsalError(serverError), REDIRECT_URI, [SECRET]);
    expect(error).toMatchObject({ code: 'OAUTH_CLIENT_INVALID', providerError: 'AADSTS7000215' });
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });

  it("maps a gaxios error by its answer's `error` without keeping the request", () => {
    const gaxiosError = {
      config: { data: `client_secret=${SECRET}` },
      response: { status: 401, data: { error: 'invalid_client', error_description: 'Unauthorized' } },
    };
    const error = libraryFlowError(GOOGLE_ERRORS, readGaxiosError(gaxiosError), REDIRECT_URI, [SECRET]);
    expect(error).toMatchObject({ code: 'OAUTH_CLIENT_INVALID', providerError: 'invalid_client' });
    expect(error).not.toHaveProperty('cause');
  });

  it('says OAUTH_FAILED when the provider cannot be reached', () => {
    const error = libraryFlowError(
      GOOGLE_ERRORS,
      readGaxiosError({ code: 'ECONNREFUSED' }),
      REDIRECT_URI,
      [],
    );
    expect(error).toMatchObject({ code: 'OAUTH_FAILED', providerError: 'ECONNREFUSED' });
    expect(error.message).toBe("Could not reach Google's sign-in service (ECONNREFUSED).");
  });
});
