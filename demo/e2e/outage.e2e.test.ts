import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { openSmtp } from '../test/smtp-socket.js';
import { adminForm, inbox } from './admin-form.js';
import { axeViolations } from './axe.js';
import { useDemoSession } from './demo-session.js';

describe('an admin takes the development mail server down and brings it back', { timeout: 90_000 }, () => {
  const session = useDemoSession();
  afterEach(async () => {
    // Each test starts with a server that takes mail, whatever the last one left.
    await fetch(`${session.demo.url}/demo/smtp/outage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: session.demo.url },
      body: '{"down":false}',
    });
  });

  it('switches the outage on beside the Inbox, sees the Test refused, and switches it off again', async () => {
    const page = await session.open();
    const { smtp } = session.demo;
    const panel = inbox(page).panel;
    const outage = panel.getByRole('switch', { name: 'Mail server outage' });
    const state = panel.getByRole('status').filter({ hasText: /The mail server/ });
    await state.filter({ hasText: 'The mail server accepts mail.' }).waitFor();
    expect(await outage.isChecked()).toBe(false);

    await outage.check();
    await state.filter({ hasText: /is down since .+: connections are refused\.$/ }).waitFor();
    expect(await outage.isChecked()).toBe(true);
    await expect(openSmtp(smtp.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const form = adminForm(page);
    await form.fillBasic(smtp);
    expect(await (await form.test()).innerText()).toContain('CONNECTION_REFUSED');
    expect(await axeViolations(page), 'outage on').toEqual([]);
    await session.screenshot(page, '15-mail-server-down');

    // The server's state, not the page's: a reload shows it still down.
    await page.reload();
    await state.filter({ hasText: /connections are refused/ }).waitFor();
    expect(await outage.isChecked()).toBe(true);

    await outage.uncheck();
    await state.filter({ hasText: 'The mail server accepts mail.' }).waitFor();
    expect((await openSmtp(smtp.port)).greeting).toMatch(/^220 /);
    await adminForm(page).fillBasic(smtp);
    expect(await (await adminForm(page).test()).innerText()).toContain('The connection works.');
    await page.close();
  });

  it('in German, makes the server answer 421 Service not available, and back', async () => {
    const page = await session.open();
    await page.getByLabel('Language', { exact: true }).selectOption({ label: 'Deutsch' });
    const panel = page.getByRole('region', { name: 'Posteingang' });
    const state = panel.getByRole('status').filter({ hasText: /Der Mailserver/ });
    await state.filter({ hasText: 'Der Mailserver nimmt E-Mails an.' }).waitFor();

    await panel.getByLabel('Art des Ausfalls').selectOption({ label: '421 Service not available' });
    await panel.getByRole('switch', { name: 'Ausfall des Mailservers' }).check();
    await state.filter({ hasText: /ausgefallen: Er beantwortet jede Verbindung mit 421/ }).waitFor();
    expect((await openSmtp(session.demo.smtp.port)).greeting).toMatch(/^421 /);

    await panel.getByRole('switch', { name: 'Ausfall des Mailservers' }).uncheck();
    await state.filter({ hasText: 'Der Mailserver nimmt E-Mails an.' }).waitFor();
    await page.getByLabel('Sprache', { exact: true }).selectOption({ label: 'English' });
    await page.close();
  });
  it('is told when the server cannot come back because another program took its port, and the switch stays on', async () => {
    const page = await session.open();
    const panel = inbox(page).panel;
    const outage = panel.getByRole('switch', { name: 'Mail server outage' });
    await outage.check();
    await panel
      .getByRole('status')
      .filter({ hasText: /connections are refused/ })
      .waitFor();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(session.demo.smtp.port, '127.0.0.1', resolve));
    try {
      // A click, not uncheck(): the switch turns back on as soon as the server answers, which uncheck() calls a failure.
      await outage.click();
      await panel
        .getByRole('status')
        .filter({
          hasText: /^Could not switch the mail server: .*could not listen on 127\.0\.0\.1:\d+ again/,
        })
        .waitFor();
      expect(await outage.isChecked()).toBe(true);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    await outage.uncheck();
    await panel.getByRole('status').filter({ hasText: 'The mail server accepts mail.' }).waitFor();
    await page.close();
  });
});

describe('the Inbox marks a message delivered twice', { timeout: 90_000 }, () => {
  const session = useDemoSession();

  it('shows the second copy of a Message-ID as a duplicate and counts it', async () => {
    const page = await session.open();
    const { host, port, user, password } = session.demo.smtp;
    const transport = createTransport({
      host,
      port,
      requireTLS: true,
      tls: { ca: readFileSync(join(session.dataDir, 'tls', 'ca.crt'), 'utf8') },
      auth: { user, pass: password },
    });
    const message = {
      from: 'notifications@demo.example',
      to: 'admin@demo.example',
      subject: 'Delivered twice',
      text: 'Hello',
      messageId: '<twice@demo.example>',
    };
    try {
      await transport.sendMail(message);
      await transport.sendMail(message);
    } finally {
      transport.close();
    }
    const panel = inbox(page).panel;
    await panel.getByText('2 messages, 1 duplicate', { exact: true }).waitFor();
    const rows = panel.getByRole('button').filter({ hasText: 'Delivered twice' });
    expect(await rows.count()).toBe(2);
    expect(await rows.first().innerText()).toContain('Duplicate, copy 2');
    expect(await rows.last().innerText()).not.toContain('Duplicate');
    expect(await axeViolations(page), 'duplicate in the inbox').toEqual([]);
    await session.screenshot(page, '16-duplicate-in-inbox');

    await page.getByLabel('Language', { exact: true }).selectOption({ label: 'Deutsch' });
    const posteingang = page.getByRole('region', { name: 'Posteingang' });
    await posteingang.getByText('2 Nachrichten, 1 Duplikat', { exact: true }).waitFor();
    await posteingang.getByRole('button').filter({ hasText: 'Duplikat, 2. Exemplar' }).waitFor();
    await page.getByLabel('Sprache', { exact: true }).selectOption({ label: 'English' });
    await page.close();
  });
});
