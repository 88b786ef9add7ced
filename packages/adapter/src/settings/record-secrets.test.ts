import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretUnreadableError } from '../crypto/secret-box.js';
import { openSettings } from './record-secrets.js';
import { parseSealedRecord, type SealedRecord } from './sealed-record.js';

const box = createSecretBox(randomBytes(32).toString('base64'));
const PASSWORD = 'pa55-Word!never-echo';

/** A stored record as the mailer and the routes read it: parsed from what the store handed out. */
function record(settings: Record<string, unknown>): SealedRecord {
  const stored = {
    settings,
    version: 3,
    revision: 4,
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'admin',
  };
  return parseSealedRecord(stored, 'acme');
}

describe('openSettings', () => {
  it('decrypts the password of basic settings and copies the other fields', () => {
    const opened = openSettings(
      record({
        authType: 'basic',
        host: 'smtp.example.com',
        port: 587,
        security: 'starttls',
        username: 'mailer@example.com',
        password: box.seal(PASSWORD, { tenant: 'acme', field: 'password' }),
        fromEmail: 'notifications@example.com',
      }),
      box,
      'acme',
    );
    expect(opened).toEqual({
      authType: 'basic',
      host: 'smtp.example.com',
      port: 587,
      security: 'starttls',
      username: 'mailer@example.com',
      password: PASSWORD,
      fromEmail: 'notifications@example.com',
    });
  });

  it('decrypts the client secret and refresh token of OAuth settings', () => {
    const opened = openSettings(
      record({
        authType: 'oauth',
        provider: 'google',
        clientId: '123456789012-abc123def456.apps.googleusercontent.com',
        clientSecret: box.seal('client-secret', { tenant: 'acme', field: 'clientSecret' }),
        refreshToken: box.seal('refresh-token', { tenant: 'acme', field: 'refreshToken' }),
        fromEmail: 'notifications@example.com',
      }),
      box,
      'acme',
    );
    expect(opened).toMatchObject({ clientSecret: 'client-secret', refreshToken: 'refresh-token' });
  });

  it('leaves out secrets that are not set, and sealed values of another variant', () => {
    const opened = openSettings(
      record({
        authType: 'oauth',
        provider: 'microsoft',
        clientId: '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
        clientSecret: box.seal('client-secret', { tenant: 'acme', field: 'clientSecret' }),
        tenantId: 'contoso.onmicrosoft.com',
        password: box.seal(PASSWORD, { tenant: 'acme', field: 'password' }),
        fromEmail: 'notifications@contoso.com',
      }),
      box,
      'acme',
    );
    expect(opened).not.toHaveProperty('refreshToken');
    expect(opened).not.toHaveProperty('password');
  });

  it('refuses a secret sealed for another tenant, without naming its value', () => {
    const sealed = box.seal(PASSWORD, { tenant: 'other', field: 'password' });
    const stored = record({
      authType: 'basic',
      host: 'smtp.example.com',
      port: 587,
      security: 'starttls',
      password: sealed,
      fromEmail: 'notifications@example.com',
    });
    const error = (() => {
      try {
        openSettings(stored, box, 'acme');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(SecretUnreadableError);
    expect((error as Error).message).not.toContain(PASSWORD);
    expect((error as Error).message).not.toContain(sealed);
  });

  it('does not change the stored record', () => {
    const sealed = box.seal(PASSWORD, { tenant: 'acme', field: 'password' });
    const stored = record({
      authType: 'basic',
      host: 'smtp.example.com',
      port: 25,
      security: 'none',
      password: sealed,
      fromEmail: 'notifications@example.com',
    });
    openSettings(stored, box, 'acme');
    expect(stored.settings).toMatchObject({ password: sealed });
  });
});
