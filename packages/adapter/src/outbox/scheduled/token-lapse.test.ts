import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { googleDraft, microsoftDraft, SECRETS } from '../../../test/app-fixture.js';
import { type SealedSettings, SealedSettingsSchema } from '../../settings/sealed-record.js';
import { LAPSE_WARNING_MS, tokenLapse } from './token-lapse.js';

const DAY = 86_400_000;
const SIGNED_IN = Date.parse('2026-01-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** Sealed OAuth settings of `provider` signed in at SIGNED_IN, with `connection` on top. */
function settings(provider: 'microsoft' | 'google', connection: Record<string, string> = {}): SealedSettings {
  // The secrets stand as they are: only their presence counts here.
  return v.parse(SealedSettingsSchema, {
    ...(provider === 'microsoft' ? microsoftDraft() : googleDraft({ refreshToken: SECRETS.refreshToken })),
    connection: { scopes: [], obtainedAt: iso(SIGNED_IN), ...connection },
  });
}

describe('tokenLapse', () => {
  it('counts inactivity from the latest success, a mint by any instance included, against each provider’s lapse', () => {
    const at = (days: number) => new Date(SIGNED_IN + days * DAY);
    expect(
      tokenLapse({ settings: settings('microsoft'), mintedAt: undefined, exercised: false, now: at(77) }),
    ).toEqual({
      reason: 'unused',
      lapsesAt: iso(SIGNED_IN + 90 * DAY),
      lastUsedAt: iso(SIGNED_IN),
    });
    const minted = iso(SIGNED_IN + 30 * DAY);
    expect(
      tokenLapse({ settings: settings('microsoft'), mintedAt: minted, exercised: false, now: at(77) }),
    ).toBeUndefined();
    // Google's six months leave a token unused for 77 days alone.
    expect(
      tokenLapse({ settings: settings('google'), mintedAt: undefined, exercised: false, now: at(77) }),
    ).toBeUndefined();
    expect(
      tokenLapse({ settings: settings('microsoft'), mintedAt: undefined, exercised: true, now: at(77) }),
    ).toBeUndefined();
  });

  it('never warns for Application sign-in, which has no refresh token to lapse', () => {
    const application = v.parse(SealedSettingsSchema, {
      ...settings('microsoft', { refreshTokenExpiresAt: iso(SIGNED_IN + 7 * DAY) }),
      signIn: 'application',
    });
    const now = new Date(SIGNED_IN + 89 * DAY);
    expect(tokenLapse({ settings: application, mintedAt: undefined, exercised: false, now })).toBeUndefined();
  });

  it('warns of a set expiry within the margin even when used, and of the nearer of two lapses', () => {
    const expiresAt = iso(SIGNED_IN + 7 * DAY);
    const now = new Date(SIGNED_IN + 7 * DAY - LAPSE_WARNING_MS);
    const expiring = settings('google', { refreshTokenExpiresAt: expiresAt });
    expect(tokenLapse({ settings: expiring, mintedAt: undefined, exercised: true, now })).toEqual({
      reason: 'expires',
      lapsesAt: expiresAt,
    });
    expect(
      tokenLapse({
        settings: expiring,
        mintedAt: undefined,
        exercised: true,
        now: new Date(now.getTime() - 1),
      }),
    ).toBeUndefined();
    const late = settings('microsoft', { refreshTokenExpiresAt: iso(SIGNED_IN + 95 * DAY) });
    expect(
      tokenLapse({
        settings: late,
        mintedAt: undefined,
        exercised: false,
        now: new Date(SIGNED_IN + 80 * DAY),
      }),
    ).toMatchObject({
      reason: 'unused',
    });
  });
});
