import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { TestFailure, TestStage } from '@smtp-settings/schema';
import { setViewport } from '@web/test-runner-commands';
import { resetAdapter } from '../../test/adapter-fixture.js';
import { recordAnnouncements } from '../../test/announcements.js';
import {
  button,
  chooseOAuth,
  errorOf,
  field,
  fillBasic,
  MICROSOFT,
  mount,
  shadow,
  test,
  type,
} from '../../test/form-harness.js';
import '../define.js';
import type { SmtpSettingsElement } from './smtp-settings.js';
import { blamedField } from './test-result.js';

function panel(el: SmtpSettingsElement): HTMLElement {
  const found = shadow(el).querySelector<HTMLElement>('[part~="test-result"]');
  if (!found) throw new Error('No test result area');
  return found;
}

/** Answers `POST /test` with an event stream the test writes stage by stage; returns the writer and the undo. */
function streamTests() {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const original = window.fetch;
  window.fetch = async (input, init) => {
    if (!String(input).endsWith('/test')) return original(input, init);
    const body = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
      },
    });
    return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
  };
  const write = (event: string, data: unknown) =>
    controller?.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
  return {
    write,
    end: () => controller?.close(),
    restore: () => {
      window.fetch = original;
    },
  };
}

/** The names of the stages on show, the one in progress last. */
function stagesShown(el: SmtpSettingsElement): string[] {
  return [...panel(el).querySelectorAll('[part~="stage"] strong')].map((name) => name.textContent ?? '');
}

function summary(el: SmtpSettingsElement): string | null | undefined {
  return panel(el).querySelector('[role="status"]')?.textContent;
}

describe('<smtp-settings> test result', () => {
  beforeEach(resetAdapter);

  it('says a failure first, and on a phone-wide screen brings it into view with focus', async () => {
    await setViewport({ width: 375, height: 667 });
    try {
      const el = await mount();
      await fillBasic(el, { 'SMTP Password': 'wrong-password' });
      button(el, 'Test').focus();
      const result = await test(el);
      expect(result.error?.code).to.equal('AUTH_FAILED');
      const verdict = panel(el).querySelector<HTMLElement>('[part~="verdict"]');
      expect(verdict?.textContent).to.contain('The test failed at Sign-in.').and.contain('AUTH_FAILED');
      // Before every stage, not after the passing ones a phone would show instead.
      const firstStage = panel(el).querySelector('[part~="stage"]');
      expect(verdict && firstStage && verdict.compareDocumentPosition(firstStage)).to.equal(
        Node.DOCUMENT_POSITION_FOLLOWING,
      );
      await el.updateComplete;
      expect(shadow(el).activeElement).to.equal(verdict);
      const { top, bottom } = verdict?.getBoundingClientRect() ?? { top: -1, bottom: Infinity };
      expect(top).to.be.at.least(0);
      expect(bottom).to.be.at.most(innerHeight);
      // Focus reads the verdict out: the hidden status does not say it a second time.
      expect(summary(el)).to.equal('');
      await expect(el).to.be.accessible();
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('puts a passing verdict first too, and leaves focus on Test', async () => {
    const el = await mount();
    await fillBasic(el);
    button(el, 'Test').focus();
    await test(el);
    const first = panel(el).querySelector('p:not(.visually-hidden)');
    expect(first?.getAttribute('part')).to.equal('verdict');
    expect(first?.textContent?.trim()).to.equal('The connection works.');
    expect(shadow(el).activeElement).to.equal(button(el, 'Test'));
  });

  it('shows a passing result an edit outdated as neither green nor passing, and says so', async () => {
    const el = await mount();
    await fillBasic(el);
    await test(el);
    const verdict = () => panel(el).querySelector('[part~="verdict"]') as HTMLElement;
    const green = getComputedStyle(verdict()).color;
    const stageColor = () => getComputedStyle(panel(el).querySelector('[part~="stage-ok"]') as Element).color;
    expect(stageColor()).to.equal(green);

    await type(el, 'From Name', 'Someone else');
    const badge = panel(el).querySelector('[part~="outdated"]');
    expect(badge?.textContent).to.equal('Outdated — test again');
    // Leads the panel, above the old verdict.
    expect(badge?.compareDocumentPosition(verdict())).to.equal(Node.DOCUMENT_POSITION_FOLLOWING);
    expect(getComputedStyle(verdict()).color).not.to.equal(green);
    expect(stageColor()).not.to.equal(green);
    expect(summary(el)).to.equal('Outdated — test again');
    await expect(el).to.be.accessible();

    await type(el, 'From Name', 'Example');
    expect(panel(el).querySelector('[part~="outdated"]')).to.equal(null);
    expect(getComputedStyle(verdict()).color).to.equal(green);
    expect(summary(el)).to.equal('The connection works.');
  });

  it('announces a failed test once: the verdict that takes focus, and no live region besides', async () => {
    const el = await mount();
    await fillBasic(el, { 'SMTP Password': 'wrong-password' });
    button(el, 'Test').focus();
    const said = recordAnnouncements(shadow(el));
    try {
      await test(el);
      await el.updateComplete;
      const verdict = panel(el).querySelector('[part~="verdict"]');
      expect(shadow(el).activeElement).to.equal(verdict);
      // The field the test blames is marked (and read with it), not announced over the verdict.
      expect(errorOf(el, 'SMTP Password')).to.equal('The last test failed on this value: see its result.');
      const read = { via: 'focus', text: (verdict?.textContent ?? '').replace(/\s+/g, ' ').trim() };
      expect(said.list.filter(({ text }) => text.includes('failed'))).to.deep.equal([read]);

      // Tested again after an edit outdated the result: once more, once.
      await type(el, 'From Name', 'Someone else');
      button(el, 'Test').focus();
      await test(el);
      await el.updateComplete;
      expect(said.list.filter(({ text }) => text.includes('failed'))).to.deep.equal([read, read]);
    } finally {
      said.stop();
    }
  });

  it('announces a failed test once through its status when the admin went on to another field', async () => {
    const el = await mount();
    // Typing leaves focus in From Name; a click on Test that does not take focus leaves it there.
    await fillBasic(el, { 'SMTP Password': 'wrong-password' });
    const said = recordAnnouncements(shadow(el));
    try {
      await test(el);
      await el.updateComplete;
      expect(said.list.filter(({ text }) => text.includes('failed'))).to.deep.equal([
        { via: 'live', text: 'The test failed at Sign-in.' },
      ]);
      // Outdated by an edit and back, the result is news again: said once more, once.
      await type(el, 'From Name', 'Someone else');
      await type(el, 'From Name', 'Example');
      expect(said.list.map(({ text }) => text)).to.deep.equal([
        'The test failed at Sign-in.',
        'Outdated — test again',
        'The test failed at Sign-in.',
      ]);
    } finally {
      said.stop();
    }
  });

  it('marks the password the server refused, until it is edited', async () => {
    const el = await mount();
    await fillBasic(el, { 'SMTP Password': 'wrong-password' });
    await test(el);
    expect(errorOf(el, 'SMTP Password')).to.equal('The last test failed on this value: see its result.');
    expect(errorOf(el, 'SMTP User Name')).to.equal('');
    await type(el, 'SMTP Password', 'correct-password');
    expect(errorOf(el, 'SMTP Password')).to.equal('');
  });

  it('shows a Microsoft Graph test’s own stages as they come, a mailbox not looked up as skipped', async () => {
    const stream = streamTests();
    try {
      const el = await mount();
      await chooseOAuth(el, 'Microsoft');
      field(el, 'Microsoft Graph').click();
      field(el, 'Application (client credentials)').click();
      await type(el, 'Client ID', MICROSOFT.clientId);
      await type(el, 'Client Secret', MICROSOFT.clientSecret);
      await type(el, 'Tenant ID', MICROSOFT.tenantId);
      await type(el, 'From Email', 'notifications@contoso.com');
      await type(el, 'Send test email to', 'qa@example.com');
      const finished = oneEvent(el, 'smtp-settings-test');
      button(el, 'Test').click();
      const running = () => panel(el).querySelector('[part~="stage-running"] strong')?.textContent;
      // Graph's first stage, not SMTP's DNS lookup.
      await waitUntil(() => running() === 'Access token', 'the token stage never showed as running');
      const token: TestStage = {
        name: 'token',
        ok: true,
        ms: 120,
        detail: `Application token for Microsoft Graph (app ${MICROSOFT.clientId}, tenant ${MICROSOFT.tenantId})`,
        detailKey: 'detail.tokenApplication',
      };
      stream.write('stage', token);
      await waitUntil(() => running() === 'Mailbox', 'the mailbox stage never showed as running');
      const mailbox: TestStage = {
        name: 'mailbox',
        ok: true,
        skipped: true,
        ms: 80,
        detail:
          'Not looked up: the app may not read users (User.Read.All); sending checks the mailbox instead',
        detailKey: 'detail.mailboxNotChecked',
      };
      stream.write('stage', mailbox);
      await waitUntil(() => running() === 'Send', 'the send stage never showed as running');
      expect(stagesShown(el)).to.deep.equal(['Access token', 'Mailbox', 'Send']);
      await expect(el).to.be.accessible();

      const send: TestStage = {
        name: 'send',
        ok: true,
        ms: 300,
        detail: 'Microsoft Graph accepted the message for delivery (202)',
        detailKey: 'detail.graphAccepted',
      };
      stream.write('stage', send);
      stream.write('result', { ok: true, stages: [token, mailbox, send], warnings: [], receipt: 'r' });
      stream.end();
      await finished;
      await el.updateComplete;
      expect(stagesShown(el)).to.deep.equal(['Access token', 'Mailbox', 'Send']);
      const skipped = panel(el).querySelector('[part~="stage-skipped"]');
      expect(skipped?.textContent).to.contain('Mailbox').and.contain('Skipped').and.contain('Not looked up');
      expect(panel(el).querySelectorAll('[part~="stage-ok"]')).to.have.length(2);
      expect(panel(el).querySelector('[part~="verdict"]')?.textContent?.trim()).to.equal(
        'The connection works.',
      );
      await expect(el).to.be.accessible();
    } finally {
      stream.restore();
    }
  });

  it('blames the From Email for a missing mailbox, and no refresh token with Application sign-in', () => {
    const app = {
      authType: 'oauth',
      provider: 'microsoft',
      clientId: MICROSOFT.clientId,
      clientSecret: MICROSOFT.clientSecret,
      tenantId: MICROSOFT.tenantId,
      sendingMethod: 'graph',
      signIn: 'application',
      fromEmail: 'notifications@contoso.com',
    } as const;
    const failure = (code: TestFailure['code']): TestFailure => ({
      code,
      stage: 'mailbox',
      message: 'No mailbox',
      messageKey: 'failure.graphMailboxNotFound',
      hint: 'Check the From Email',
      hintKey: 'hint.MAILBOX_NOT_FOUND',
    });
    expect(blamedField(failure('MAILBOX_NOT_FOUND'), app)).to.equal('fromEmail');
    expect(blamedField(failure('AUTH_FAILED'), app)).to.equal(undefined);
    expect(
      blamedField(failure('AUTH_FAILED'), { ...app, signIn: undefined, refreshToken: { keep: true } }),
    ).to.equal('refreshToken');
  });
});
