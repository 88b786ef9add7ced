import type { RunningDemo } from '../src/start-demo.js';
import type { E2ELocator, E2EPage } from './e2e-page.js';

/** How long a test run or a sign-in may take before a step gives up. */
const PATIENCE = { timeout: 20_000 };

/** The `<smtp-settings>` form on a demo page, worked through its visible labels as an admin would. */
export function adminForm(page: E2EPage) {
  const form = page.locator('smtp-settings');
  // A field that may stay empty is labelled "From Name (optional)"; tests name it "From Name".
  const field = (label: string) =>
    form.getByLabel(label, { exact: true }).or(form.getByLabel(`${label} (optional)`, { exact: true }));
  const button = (name: string) => form.getByRole('button', { name, exact: true });
  return {
    field,
    button,
    /** The text the admin reads in the form right now. */
    text: () => form.locator('form').innerText(),
    /** Waits until the form shows `text`. */
    shows: (text: string | RegExp) => form.getByText(text).first().waitFor(PATIENCE),
    async fill(values: Record<string, string>) {
      for (const [label, value] of Object.entries(values)) await field(label).fill(value);
    },
    /** Fills Basic settings for the development mail server `smtp`, as its panel tells the admin. */
    async fillBasic(smtp: RunningDemo['smtp'], { password = smtp.password, fromName = 'Demo Tracker' } = {}) {
      await this.fill({ 'SMTP Server': smtp.host, 'SMTP Port': String(smtp.port) });
      await field('Connection Security').selectOption({ label: 'STARTTLS' });
      await this.fill({
        'SMTP User Name': smtp.user,
        'SMTP Password': password,
        'From Email': 'notifications@demo.example',
        'From Name': fromName,
      });
    },
    async chooseOAuth(provider: 'Microsoft' | 'Google') {
      await form.getByRole('radio', { name: 'OAuth Authentication' }).check();
      await form.getByRole('radio', { name: provider, exact: true }).check();
    },
    /** Clicks Test and waits for the result panel's verdict. */
    async test(): Promise<E2ELocator> {
      await button('Test').click();
      const result = form.getByRole('region', { name: 'Test result' });
      // The verdict in bold; a hidden status region in the panel says the same for screen readers.
      await result.locator('strong', { hasText: /The connection works\.|The test failed/ }).waitFor(PATIENCE);
      return result;
    },
    /** Clicks Save and waits until nothing is left unsaved. */
    async save() {
      await button('Save').click();
      await form
        .getByText('Unsaved changes', { exact: true })
        .waitFor({ state: 'detached', ...PATIENCE })
        .catch(async (error: Error) => {
          throw new Error(`Save did not finish; the form says:\n${await form.locator('form').innerText()}`, {
            cause: error,
          });
        });
    },
  };
}

/** The demo page's Inbox panel. */
export function inbox(page: E2EPage) {
  const panel = page.getByRole('region', { name: 'Inbox' });
  return {
    panel,
    /** Waits for a mail whose row mentions `text` (e.g. its subject) and returns the row. */
    async mail(text: string | RegExp): Promise<E2ELocator> {
      const row = panel.getByRole('button').filter({ hasText: text }).first();
      await row.waitFor(PATIENCE);
      return row;
    },
  };
}

/** Has the development mail server take a new password ("Change the password"), and answers it. */
export async function changeDevServerPassword(page: E2EPage): Promise<string> {
  const devServer = page.locator('#dev-server');
  await devServer.getByRole('button', { name: 'Change the password' }).click();
  await devServer
    .getByRole('status')
    .filter({ hasText: /now takes the password demo-password-\d+ only/ })
    .waitFor();
  return (await devServer.innerText()).match(/demo-password-\d+/)?.[0] ?? '';
}
