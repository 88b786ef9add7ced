import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_ACCOUNTS, LOCAL_CLIENTS } from '../src/local-oauth/local-providers.js';
import { adminForm, inbox } from './admin-form.js';
import { E2E_BROWSERS, useDemoSession } from './demo-session.js';
import type { E2EPage } from './e2e-page.js';
import { setGraphFailure } from './local-graph.js';

const MAILBOX = LOCAL_ACCOUNTS.microsoft;

/** Fills the demo's Microsoft app for sending through Microsoft Graph (or SMTP) with the given sign-in. */
async function fillGraph(page: E2EPage, signIn: 'Delegated' | 'Application', method = 'Microsoft Graph') {
  const form = adminForm(page);
  const smtpSettings = page.locator('smtp-settings');
  await form.chooseOAuth('Microsoft');
  await smtpSettings.getByRole('radio', { name: method, exact: true }).check();
  await smtpSettings.getByRole('radio', { name: new RegExp(`^${signIn}`) }).check();
  await form.fill({
    'Client ID': LOCAL_CLIENTS.microsoft.clientId,
    'Client Secret': LOCAL_CLIENTS.microsoft.clientSecret,
    'Tenant ID': LOCAL_CLIENTS.microsoft.tenantId,
    'From Email': MAILBOX,
    'From Name': 'Demo Tracker',
  });
  return form;
}

describe.each(E2E_BROWSERS)(
  'an admin signs in as the application, through Microsoft Graph or SMTP (%s)',
  {
    timeout: 90_000,
  },
  (browser) => {
    const session = useDemoSession(browser);
    afterEach(() => setGraphFailure(session.demo, { failing: false }));

    it('as an application: tests token, mailbox and send, saves without a refresh token, and a notification arrives', async () => {
      const page = await session.open();
      const form = await fillGraph(page, 'Application');
      expect(await form.button('Get Refresh Token').count()).toBe(0);
      expect(await form.text()).toContain(
        `New-ApplicationAccessPolicy -AppId ${LOCAL_CLIENTS.microsoft.clientId}`,
      );

      const result = await form.test();
      const text = await result.innerText();
      expect(text).toContain('The connection works.');
      expect(text).toMatch(/Access token[\s\S]*Mailbox[\s\S]*/);
      expect(text).toContain(`Mailbox ${MAILBOX} found`);
      expect(text).toMatch(/client secret expires on .* \(read from the app registration\)/);
      await session.screenshot(page, '18-graph-application-tested');
      await form.save();

      await page.reload();
      const again = adminForm(page);
      const smtpSettings = page.locator('smtp-settings');
      await smtpSettings.getByRole('radio', { name: 'Microsoft Graph', exact: true }).waitFor();
      expect(
        await smtpSettings.getByRole('radio', { name: 'Microsoft Graph', exact: true }).isChecked(),
      ).toBe(true);
      expect(await smtpSettings.getByRole('radio', { name: /^Application/ }).isChecked()).toBe(true);
      expect(await again.field('Client Secret').inputValue()).toBe('');

      await page.getByRole('button', { name: 'Send a notification' }).click();
      const mail = await inbox(page).mail('Test case TC-42 was updated');
      expect(await mail.innerText()).toContain(MAILBOX);
    });

    it('as an application over SMTP: tests the XOAUTH2 login with the app token, saves, and a notification arrives', async () => {
      const page = await session.open();
      const form = await fillGraph(page, 'Application', 'SMTP (XOAUTH2)');
      expect(await form.text()).toContain('SMTP.SendAsApp');
      const result = await form.test();
      const text = await result.innerText();
      expect(text).toContain('The connection works.');
      expect(text).toContain(`Logged in as ${MAILBOX} with XOAUTH2`);
      await form.save();
      await page.getByRole('button', { name: 'Send a notification' }).click();
      const mail = await inbox(page).mail('Test case TC-42 was updated');
      expect(await mail.innerText()).toContain(MAILBOX);
    });

    it('tells the admin how to fix an application access policy that blocks the mailbox', async () => {
      await setGraphFailure(session.demo, { failing: true, mode: 'policyDenied' });
      const page = await session.open();
      const form = await fillGraph(page, 'Application');
      await form.fill({ 'Send test email to': MAILBOX });
      const result = await form.test();
      const text = await result.innerText();
      expect(text).toContain('The test failed');
      expect(text).toMatch(/application access policy/i);
      expect(text).toContain(MAILBOX);
    });
  },
);

// The consent popup is Playwright's (Chromium) only, as in the other sign-in journeys.
describe('an admin signs in delegated for Microsoft Graph', { timeout: 90_000 }, () => {
  const session = useDemoSession();

  it('gets a refresh token for Mail.Send through the popup, tests, saves, and a notification arrives', async () => {
    const page = await session.open();
    const form = await fillGraph(page, 'Delegated');
    expect(await form.text()).toContain('Mail.Send');
    const popupOpened = page.waitForEvent('popup');
    await form.button('Get Refresh Token').click();
    const popup = await popupOpened;
    const accept = popup.getByRole('button', { name: 'Accept', exact: true });
    await accept.waitFor();
    await Promise.all([popup.waitForEvent('close', { timeout: 20_000 }), accept.click()]);
    await form.shows(`Connected as ${MAILBOX}`);

    const result = await form.test();
    expect(await result.innerText()).toContain('The connection works.');
    await form.save();
    await page.getByRole('button', { name: 'Send a notification' }).click();
    await inbox(page).mail('Test case TC-42 was updated');
  });
});
