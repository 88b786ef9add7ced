import { describe, expect, it } from 'vitest';
import { messages } from '../../test/notices.js';
import { holdsRefreshToken, tokenHealthChangesAt, tokenHealthOf } from './oauth-connection.js';
import type { SealedSettings } from './sealed-record.js';

const now = new Date('2026-11-25T12:00:00Z');
const microsoft = (
  extra: Partial<Extract<SealedSettings, { provider: 'microsoft' }>> = {},
): SealedSettings => ({
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

const basic: SealedSettings = {
  authType: 'basic',
  host: 'x',
  port: 587,
  security: 'starttls',
  fromEmail: 'a@b.example',
};

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
    expect(messages(health?.warnings)).toEqual([
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
    expect(messages(tokenHealthOf(soon, now)?.warnings)).toEqual([
      expect.stringMatching(/expires on 2026-11-27.*Testing/),
    ]);
    expect(tokenHealthOf(soon, new Date('2026-11-28T00:00:00Z'))?.warnings[0]?.message).toMatch(
      /expired on 2026-11-27/,
    );
  });

  it('warns about a client secret expiring within 30 days, not earlier', () => {
    expect(
      messages(tokenHealthOf(microsoft({ clientSecretExpiresAt: '2026-12-10' }), now)?.warnings),
    ).toEqual([expect.stringMatching(/client secret expires on 2026-12-10/)]);
    expect(
      messages(tokenHealthOf(microsoft({ clientSecretExpiresAt: '2027-06-01' }), now)?.warnings),
    ).toEqual([]);
  });

  it('says nothing of a refresh token or an account for Application sign-in, only of the client secret', () => {
    const application = microsoft({ signIn: 'application', refreshToken: undefined, connection: undefined });
    expect(tokenHealthOf(application, now)).toEqual({ scopes: [], warnings: [] });
    // A record that still carries a delegated sign-in's token and connection: neither is used.
    const leftover = microsoft({
      signIn: 'application',
      fromEmail: 'noreply@contoso.com',
      clientSecretExpiresAt: '2026-12-10',
      connection: {
        account: 'admin@contoso.com',
        scopes: ['SMTP.Send'],
        obtainedAt: '2026-11-20T00:00:00Z',
        refreshTokenExpiresAt: '2026-11-27T00:00:00.000Z',
      },
    });
    const health = tokenHealthOf(leftover, now);
    expect(health).toMatchObject({ scopes: [] });
    expect(health).not.toHaveProperty('account');
    expect(health).not.toHaveProperty('refreshTokenExpiresAt');
    expect(messages(health?.warnings)).toEqual([
      expect.stringMatching(/client secret expires on 2026-12-10/),
    ]);
    expect(tokenHealthChangesAt(leftover, now)).toBe(Date.parse('2026-12-10'));
  });

  it('warns of the client secret end date read from the app registration, saying so', () => {
    const application = (extra: Partial<Extract<SealedSettings, { provider: 'microsoft' }>>) =>
      microsoft({ signIn: 'application', refreshToken: undefined, connection: undefined, ...extra });
    const read = application({ clientSecretReadExpiresAt: '2026-12-12T08:00:00.000Z' });
    expect(tokenHealthOf(read, now)?.warnings).toEqual([
      expect.objectContaining({
        messageKey: 'warning.clientSecretExpiresRead',
        message: expect.stringMatching(/expires on 2026-12-12 \(read from the app registration\)/),
      }),
    ]);
    expect(tokenHealthOf(read, new Date('2026-12-13T00:00:00Z'))?.warnings).toEqual([
      expect.objectContaining({
        messageKey: 'warning.clientSecretExpiredRead',
        message: expect.stringMatching(/expired on 2026-12-12 \(read from the app registration\)/),
      }),
    ]);
    expect(tokenHealthChangesAt(read, now)).toBe(Date.parse('2026-12-12T08:00:00.000Z'));
    // An earlier entered date wins, in its own words; a later one gives way to the read one.
    const earlier = application({
      clientSecretReadExpiresAt: '2026-12-12',
      clientSecretExpiresAt: '2026-12-05',
    });
    expect(tokenHealthOf(earlier, now)?.warnings).toEqual([
      expect.objectContaining({ messageKey: 'warning.clientSecretExpires', params: { date: '2026-12-05' } }),
    ]);
    const later = application({
      clientSecretReadExpiresAt: '2026-12-12',
      clientSecretExpiresAt: '2026-12-20',
    });
    expect(tokenHealthOf(later, now)?.warnings).toEqual([
      expect.objectContaining({
        messageKey: 'warning.clientSecretExpiresRead',
        params: { date: '2026-12-12' },
      }),
    ]);
    // Delegated sign-in names the read date too, beside the refresh token's warnings.
    expect(
      messages(tokenHealthOf(microsoft({ clientSecretReadExpiresAt: '2026-12-12' }), now)?.warnings),
    ).toEqual([expect.stringMatching(/expires on 2026-12-12 \(read/)]);
  });

  it('is null for Basic settings and for OAuth without a refresh token', () => {
    expect(tokenHealthOf(basic, now)).toBeNull();
    expect(tokenHealthOf(microsoft({ refreshToken: undefined }), now)).toBeNull();
  });
});

describe('holdsRefreshToken', () => {
  it('is true only for delegated sign-in with a refresh token', () => {
    expect(holdsRefreshToken(microsoft())).toBe(true);
    expect(holdsRefreshToken(microsoft({ signIn: 'delegated' }))).toBe(true);
    expect(holdsRefreshToken(microsoft({ refreshToken: undefined }))).toBe(false);
    expect(holdsRefreshToken(microsoft({ signIn: 'application' }))).toBe(false);
    expect(holdsRefreshToken(basic)).toBe(false);
  });
});

describe('tokenHealthChangesAt', () => {
  const expiring = microsoft({
    clientSecretExpiresAt: '2027-01-20T00:00:00.000Z',
    connection: {
      account: 'notifications@contoso.com',
      scopes: [],
      obtainedAt: '2026-11-20T00:00:00Z',
      refreshTokenExpiresAt: '2026-12-10T00:00:00.000Z',
    },
  });
  const DAY = 24 * 60 * 60_000;

  it('names each instant the warnings change, and the health holds until then', () => {
    const instants = [
      Date.parse('2026-12-03T00:00:00Z'), // the token's 7-day notice starts
      Date.parse('2026-12-10T00:00:00Z'), // the token expires
      Date.parse('2026-12-21T00:00:00Z'), // the client secret's 30-day notice starts
      Date.parse('2027-01-20T00:00:00Z'), // the client secret expires
    ];
    let at = now.getTime();
    for (const instant of instants) {
      expect(tokenHealthChangesAt(expiring, new Date(at))).toBe(instant);
      const before = tokenHealthOf(expiring, new Date(at));
      expect(tokenHealthOf(expiring, new Date(instant - 1))).toEqual(before);
      expect(tokenHealthOf(expiring, new Date(instant))).not.toEqual(before);
      at = instant;
    }
    expect(tokenHealthChangesAt(expiring, new Date(at))).toBe(Number.POSITIVE_INFINITY);
    expect(tokenHealthChangesAt(expiring, new Date(at + 365 * DAY))).toBe(Number.POSITIVE_INFINITY);
  });

  it('is infinite when the health does not depend on time', () => {
    expect(tokenHealthChangesAt(microsoft(), now)).toBe(Number.POSITIVE_INFINITY);
    expect(tokenHealthChangesAt(basic, now)).toBe(Number.POSITIVE_INFINITY);
    expect(tokenHealthChangesAt(microsoft({ clientSecretExpiresAt: 'not a date' }), now)).toBe(
      Number.POSITIVE_INFINITY,
    );
  });
});
