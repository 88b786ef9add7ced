import type { SmtpSettings } from '@smtp-settings/schema';
import { describe, expect, it } from 'vitest';
import { providerWarnings } from './provider-warnings.js';

const basic = (host: string, username: string | null = 'ops@contoso.com'): SmtpSettings => ({
  authType: 'basic',
  host,
  port: 587,
  security: 'starttls',
  ...(username !== null && { username }),
  password: 'x',
  fromEmail: 'ops@contoso.com',
});

describe('providerWarnings', () => {
  it('warns about Basic auth against Microsoft 365 and Gmail, pointing to OAuth', () => {
    expect(providerWarnings(basic('smtp.office365.com'))[0]).toMatchObject({
      messageKey: 'warning.basicAuthMicrosoft',
      message: expect.stringMatching(/end of December 2026.*OAuth/),
    });
    expect(providerWarnings(basic('SMTP-MAIL.OUTLOOK.COM'))[0]?.message).toMatch(/Microsoft/);
    expect(providerWarnings(basic('smtp.gmail.com'))[0]?.message).toMatch(/app passwords.*OAuth/);
  });

  it('says nothing for other servers, for unauthenticated relays and for OAuth', () => {
    expect(providerWarnings(basic('smtp.example.com'))).toEqual([]);
    expect(providerWarnings(basic('notoffice365.com.evil.test'))).toEqual([]);
    expect(providerWarnings(basic('smtp.office365.com', null))).toEqual([]);
    expect(
      providerWarnings({
        authType: 'oauth',
        provider: 'google',
        clientId: '1-a.apps.googleusercontent.com',
        clientSecret: 'x',
        fromEmail: 'a@example.com',
      }),
    ).toEqual([]);
  });
});
