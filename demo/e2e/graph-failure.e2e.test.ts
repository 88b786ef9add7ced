import { afterEach, describe, expect, it } from 'vitest';
import { inbox } from './admin-form.js';
import { axeViolations } from './axe.js';
import { useDemoSession } from './demo-session.js';
import { graphFailure, setGraphFailure } from './local-graph.js';

describe('an admin makes the local Microsoft Graph fail and answer normally again', {
  timeout: 90_000,
}, () => {
  const session = useDemoSession();
  afterEach(() => setGraphFailure(session.demo, { failing: false }));

  it('switches a Graph failure on beside the Inbox, changes its kind, and switches it off again', async () => {
    const page = await session.open();
    const { panel } = inbox(page);
    const toggle = panel.getByRole('switch', { name: 'Microsoft Graph failure' });
    const kind = panel.getByLabel('Kind of failure');
    const state = panel.getByRole('status').filter({ hasText: /Microsoft Graph/ });
    await state.filter({ hasText: 'Microsoft Graph answers normally.' }).waitFor();
    expect(await toggle.isChecked()).toBe(false);

    await kind.selectOption({ label: '429 throttled (Retry-After 5 s)' });
    await toggle.check();
    await state.filter({ hasText: /^Since .+, Microsoft Graph throttles every request: 429/ }).waitFor();
    expect(await graphFailure(session.demo)).toMatchObject({ failing: true, mode: 'throttled' });
    expect(await axeViolations(page), 'Graph failing').toEqual([]);
    await session.screenshot(page, '17-graph-throttling');

    // During a failure, another kind applies at once.
    await kind.selectOption({ label: '403 application access policy' });
    await state.filter({ hasText: /an application access policy blocks the mailbox\.$/ }).waitFor();
    expect(await graphFailure(session.demo)).toMatchObject({ failing: true, mode: 'policyDenied' });

    // The Graph's state, not the page's: a reload shows it still failing.
    await page.reload();
    await state.filter({ hasText: /application access policy/ }).waitFor();
    expect(await toggle.isChecked()).toBe(true);

    await toggle.uncheck();
    await state.filter({ hasText: 'Microsoft Graph answers normally.' }).waitFor();
    expect(await graphFailure(session.demo)).toEqual({ failing: false });
    await page.close();
  });

  it('in German, tells the failure in German', async () => {
    await setGraphFailure(session.demo, { failing: true, mode: 'mailboxNotFound' });
    const page = await session.open();
    await page.getByLabel('Language', { exact: true }).selectOption({ label: 'Deutsch' });
    const panel = page.getByRole('region', { name: 'Posteingang' });
    await panel
      .getByRole('status')
      .filter({ hasText: /^Seit .+ kennt Microsoft Graph das Postfach nicht: 404 ErrorInvalidUser\.$/ })
      .waitFor();
    expect(await panel.getByRole('switch', { name: 'Fehler von Microsoft Graph' }).isChecked()).toBe(true);
    await page.getByLabel('Sprache', { exact: true }).selectOption({ label: 'English' });
    await page.close();
  });
});
