import { describe, expect, it } from 'vitest';
import { LOCAL_ACCOUNTS, LOCAL_CLIENTS } from '../src/local-oauth/local-providers.js';
import { adminForm, inbox } from './admin-form.js';
import { useDemoSession } from './demo-session.js';

/** The demo's Microsoft app values as the admin types them. */
const MICROSOFT_FIELDS = {
  'Client ID': LOCAL_CLIENTS.microsoft.clientId,
  'Client Secret': LOCAL_CLIENTS.microsoft.clientSecret,
  'Tenant ID': LOCAL_CLIENTS.microsoft.tenantId,
};

const JOURNEYS = [
  { provider: 'Microsoft', fields: MICROSOFT_FIELDS, account: LOCAL_ACCOUNTS.microsoft },
  {
    provider: 'Google',
    fields: {
      'Client ID': LOCAL_CLIENTS.google.clientId,
      'Client Secret': LOCAL_CLIENTS.google.clientSecret,
    },
    account: LOCAL_ACCOUNTS.google,
  },
] as const;

describe.each(JOURNEYS)('an admin connects $provider through OAuth', { timeout: 90_000 }, (journey) => {
  const session = useDemoSession();

  it('gets a refresh token through the popup and the consent page, tests, saves, and sends a notification', async () => {
    const page = await session.open();
    const form = adminForm(page);
    const name = journey.provider.toLowerCase();

    await form.chooseOAuth(journey.provider);
    await form.fill({ ...journey.fields, 'From Email': journey.account, 'From Name': 'Demo Tracker' });
    const fallbackUrl = await form.field('Fallback URL').inputValue();
    expect(fallbackUrl).toBe(`${session.demo.url}/api/smtp/oauth/${name}/callback`);
    await session.screenshot(page, `05-${name}-form`);

    const popupOpened = page.waitForEvent('popup');
    await form.button('Get Refresh Token').click();
    const popup = await popupOpened;
    const accept = popup.getByRole('button', { name: 'Accept', exact: true });
    await accept.waitFor();
    expect(await popup.content()).toContain(journey.account);
    await session.screenshot(popup, `06-${name}-consent`);
    await Promise.all([popup.waitForEvent('close', { timeout: 20_000 }), accept.click()]);

    await form.shows(`Connected as ${journey.account}`);
    const result = await form.test();
    expect(await result.innerText()).toContain('The connection works.');
    await form.save();
    await session.screenshot(page, `07-${name}-saved`);

    await page.reload();
    const again = adminForm(page);
    await again.shows(`Connected as ${journey.account}`);
    expect(await again.field('Refresh Token').inputValue()).toBe('');
    expect(await again.field('Client Secret').inputValue()).toBe('');

    await page.getByRole('button', { name: 'Send a notification' }).click();
    const mail = await inbox(page).mail('Test case TC-42 was updated');
    expect(await mail.innerText()).toContain(journey.account);
  });
});

describe('an admin whose browser blocks the sign-in window', { timeout: 90_000 }, () => {
  const session = useDemoSession();

  it('continues in the same tab, consents, comes back to the form and saves', async () => {
    const page = await session.context.newPage();
    // What a popup blocker does: a new window is refused (null), while the page may still navigate itself.
    await page.addInitScript(`{
      const open = window.open.bind(window);
      window.open = (url, target, features) => (target === '_self' ? open(url, target, features) : null);
    }`);
    await page.goto(session.demo.url);
    const form = adminForm(page);
    await form.chooseOAuth('Microsoft');
    await form.fill({
      ...MICROSOFT_FIELDS,
      'From Email': LOCAL_ACCOUNTS.microsoft,
      'From Name': 'Kept across the sign-in',
    });
    await form.button('Get Refresh Token').click();
    await form.shows('The browser blocked the sign-in window.');
    await form.button('Continue in this tab').click();

    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    await form.shows(`Connected as ${LOCAL_ACCOUNTS.microsoft}`);
    expect(new URL(page.url()).searchParams.has('smtpSettingsFlow')).toBe(false);
    expect(await form.field('From Name').inputValue()).toBe('Kept across the sign-in');
    expect(await form.field('Client Secret').inputValue()).toBe('');
    await form.shows(/Type the Client Secret again/);
    await form.shows('Obtained — stored when you save');
    await session.screenshot(page, '12-same-tab-return');

    await form.fill({ 'Client Secret': MICROSOFT_FIELDS['Client Secret'] });
    const result = await form.test();
    expect(await result.innerText()).toContain('The connection works.');
    await form.save();
  });
});

describe('an admin whose app values the provider does not know', { timeout: 90_000 }, () => {
  const session = useDemoSession();

  /** Fills the Microsoft fields with `changes` over the demo's app values and clicks Get Refresh Token. */
  const signIn = async (changes: Record<string, string>) => {
    const page = await session.open();
    const form = adminForm(page);
    await form.chooseOAuth('Microsoft');
    await form.fill({ ...MICROSOFT_FIELDS, 'From Email': LOCAL_ACCOUNTS.microsoft, ...changes });
    const popupOpened = page.waitForEvent('popup');
    await form.button('Get Refresh Token').click();
    return { page, form, popup: await popupOpened };
  };

  it('reads in the form that Microsoft refused a wrong client secret at the token step', async () => {
    const { page, form, popup } = await signIn({ 'Client Secret': 'the-secret-id-not-its-value' });
    await popup.getByRole('button', { name: 'Accept', exact: true }).click();

    await form.shows('Microsoft did not accept the client secret (invalid_client, AADSTS7000215).');
    await form.shows(/Paste the secret's Value, not its Secret ID/);
    expect(await form.text()).not.toContain('Connected as');
    await session.screenshot(page, '13-wrong-client-secret');
    await popup.close();
    await page.close();
  });

  it('reads in the form that Microsoft knows no app with a wrong client ID, without a consent page', async () => {
    const { page, form, popup } = await signIn({ 'Client ID': '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f' });
    await form.shows(/Microsoft found no application with this Client ID in the tenant/);
    expect(await popup.getByRole('button', { name: 'Accept', exact: true }).count()).toBe(0);
    await popup.close();
    await page.close();
  });
});
