import { describe, expect, it } from 'vitest';
import { tokenHealthOf } from './oauth-connection.js';

const now = new Date('2026-11-25T12:00:00Z');
const microsoft = (extra: Record<string, unknown> = {}) => ({
  authType: 'oauth',
  provider: 'microsoft',
  clientId: '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
  clientSecret: 'v1.sealed',
  tenantId: 'contoso.onmicrosoft.com',
  refreshToken: 'v1.sealed',
  fromEmail: 'notifications@contoso.com',
  connection: {
    account: 'notifications@contoso.com',
    scopes: ['SMTP.Send'],
    obtainedAt: '2026-11-20T09:00:00.000Z',
  },
  ...extra,
});

describe('tokenHealthOf', () => {
  it('reports the account, scopes and dates without warnings when all is well', () => {
    expect(tokenHealthOf(microsoft(), now)).toEqual({
      account: 'notifications@contoso.com',
      scopes: ['SMTP.Send'],
      obtainedAt: '2026-11-20T09:00:00.000Z',
      warnings: [],
    });
  });

  it('warns when the account differs from the From Email (Send As needed)', () => {
    const health = tokenHealthOf(microsoft({ fromEmail: 'noreply@contoso.com' }), now);
    expect(health?.warnings).toEqual([
      expect.stringMatching(/notifications@contoso\.com.*"Send As" on noreply@contoso\.com/),
    ]);
  });

  it('warns about a refresh token expiring within a week, and one that expired', () => {
    const soon = microsoft({
      connection: {
        account: 'notifications@contoso.com',
        scopes: [],
        obtainedAt: '2026-11-20T00:00:00Z',
        refreshTokenExpiresAt: '2026-11-27T00:00:00.000Z',
      },
    });
    expect(tokenHealthOf(soon, now)?.warnings).toEqual([
      expect.stringMatching(/expires on 2026-11-27.*Testing/),
    ]);
    expect(tokenHealthOf(soon, new Date('2026-11-28T00:00:00Z'))?.warnings[0]).toMatch(
      /expired on 2026-11-27/,
    );
  });

  it('warns about a client secret expiring within 30 days, not earlier', () => {
    expect(tokenHealthOf(microsoft({ clientSecretExpiresAt: '2026-12-10' }), now)?.warnings).toEqual([
      expect.stringMatching(/client secret expires on 2026-12-10/),
    ]);
    expect(tokenHealthOf(microsoft({ clientSecretExpiresAt: '2027-06-01' }), now)?.warnings).toEqual([]);
  });

  it('is null for Basic settings and for OAuth without a refresh token', () => {
    expect(tokenHealthOf({ authType: 'basic', host: 'x', fromEmail: 'a@b.example' }, now)).toBeNull();
    expect(tokenHealthOf(microsoft({ refreshToken: undefined }), now)).toBeNull();
  });
});
