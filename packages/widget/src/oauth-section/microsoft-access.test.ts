import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { SettingsResponse, SmtpSettingsPublic } from '@smtp-settings/schema';
import { sendKeys } from '@web/test-runner-commands';
import { resetAdapter } from '../../test/adapter-fixture.js';
import {
  button,
  chooseOAuth,
  errorOf,
  field,
  hasField,
  hintOf,
  MICROSOFT,
  mount,
  shadow,
  test,
  text,
  type,
} from '../../test/form-harness.js';
import '../define.js';
import type { SmtpSettingsElement } from '../smtp-settings/smtp-settings.js';

const FROM = 'notifications@contoso.com';

/** Saved Microsoft settings that send through Graph and sign in as the application. */
const SAVED_APP: SmtpSettingsPublic = {
  authType: 'oauth',
  provider: 'microsoft',
  clientId: MICROSOFT.clientId,
  clientSecret: { set: true },
  clientSecretExpiresAt: '2030-01-31',
  tenantId: MICROSOFT.tenantId,
  sendingMethod: 'graph',
  signIn: 'application',
  refreshToken: { set: false },
  fromEmail: FROM,
};

type Recorded = { url: string; method: string; body: unknown };

/**
 * Records the page's requests and answers some itself: `answer` gets each request and returns a
 * response, or `undefined` to let the adapter answer it. Returns the requests and the undo.
 */
function intercept(answer: (request: Recorded) => Response | undefined = () => undefined) {
  const original = window.fetch;
  const requests: Recorded[] = [];
  window.fetch = async (input, init) => {
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const request = { url: String(input), method: init?.method ?? 'GET', body };
    requests.push(request);
    return answer(request) ?? original(input, init);
  };
  return { requests, restore: () => (window.fetch = original) };
}

/** The settings of the last request to `path` with `method`. */
function sent(requests: readonly Recorded[], path: string, method: string): Record<string, unknown> {
  const found = requests.filter((r) => r.url.endsWith(path) && r.method === method).at(-1);
  if (!found) throw new Error(`No ${method} ${path} was sent`);
  return (found.body as { settings: Record<string, unknown> }).settings;
}

/** A passing test of whatever was sent, as the adapter answers it. */
const PASSED = { ok: true, stages: [], warnings: [], receipt: 'receipt-of-a-passing-test' };

/** What `GET /settings` answers once `settings` are saved. */
function savedResponse(settings: SmtpSettingsPublic, tokenHealth: SettingsResponse['tokenHealth'] = null) {
  return { settings, version: 1, updatedAt: '2026-12-01T10:00:00.000Z', updatedBy: 'admin', tokenHealth };
}

async function pick(el: SmtpSettingsElement, label: string) {
  field(el, label).click();
  await el.updateComplete;
}

/** Fills the Microsoft app registration and the sender. */
async function fillMicrosoftApp(el: SmtpSettingsElement) {
  await type(el, 'Client ID', MICROSOFT.clientId);
  await type(el, 'Client Secret', MICROSOFT.clientSecret);
  await type(el, 'Tenant ID', MICROSOFT.tenantId);
  await type(el, 'From Email', FROM);
}

describe('<smtp-settings> Microsoft sending method and sign-in', () => {
  let restore: Array<() => void> = [];

  beforeEach(resetAdapter);
  afterEach(() => {
    for (const undo of restore) undo();
    restore = [];
  });

  it('offers them for Microsoft only, SMTP and Delegated at first, accessibly', async () => {
    const el = await mount();
    await chooseOAuth(el, 'Microsoft');
    const legends = [...shadow(el).querySelectorAll('legend')].map((legend) => legend.textContent?.trim());
    expect(legends).to.include.members(['Sending method', 'Sign-in']);
    expect(field(el, 'SMTP (XOAUTH2)').checked).to.equal(true);
    expect(field(el, 'Microsoft Graph').checked).to.equal(false);
    expect(field(el, 'Delegated (Get Refresh Token)').checked).to.equal(true);
    expect(field(el, 'Application (client credentials)').checked).to.equal(false);
    expect(button(el, 'Get Refresh Token')).to.exist;
    expect(shadow(el).querySelector('[part~="guidance"]')).to.equal(null);
    await expect(el).to.be.accessible();

    // Their texts come from strings like every other, the English filling in what is left out.
    el.strings = {
      sendingMethod: 'Versandweg',
      sendingMethods: { smtp: 'SMTP', graph: 'Microsoft Graph (HTTPS)' },
    };
    await el.updateComplete;
    expect(text(el)).to.contain('Versandweg').and.contain('Sign-in');
    expect(field(el, 'Microsoft Graph (HTTPS)').checked).to.equal(false);

    await pick(el, 'Google');
    expect(hasField(el, 'Microsoft Graph (HTTPS)')).to.equal(false);
    expect(hasField(el, 'Application (client credentials)')).to.equal(false);
  });

  it('with Graph and Application sign-in: no refresh token, guidance with the Client ID, and Test and Save send no refresh token', async () => {
    const { requests, restore: undo } = intercept(({ url, method, body }) => {
      if (url.endsWith('/test')) return Response.json(PASSED);
      const settings = (body as { settings?: SmtpSettingsPublic } | undefined)?.settings;
      // Answered here, so no client secret or Graph has to be real for the save.
      if (url.endsWith('/settings') && method === 'PUT' && settings) {
        return Response.json(
          savedResponse({ ...settings, clientSecret: { set: true } } as SmtpSettingsPublic),
        );
      }
      return undefined;
    });
    restore.push(undo);
    const el = await mount();
    await chooseOAuth(el, 'Microsoft');
    await pick(el, 'Microsoft Graph');
    await pick(el, 'Application (client credentials)');
    expect(() => button(el, 'Get Refresh Token')).to.throw();
    expect(hasField(el, 'Refresh Token')).to.equal(false);
    expect(hasField(el, 'Fallback URL')).to.equal(false);
    expect(shadow(el).querySelector('[part~="connection"]')).to.equal(null);
    expect(hintOf(el, 'Client secret expires')).to.contain("the app's only credential");

    await fillMicrosoftApp(el);
    const guidance = shadow(el).querySelector('[part~="guidance"]')?.textContent?.replace(/\s+/g, ' ');
    expect(guidance).to.contain('Microsoft Graph application permission Mail.Send and grant admin consent');
    expect(guidance).to.contain(
      `New-ApplicationAccessPolicy -AppId ${MICROSOFT.clientId} -PolicyScopeGroupId <mail-enabled security group> -AccessRight RestrictAccess -Description "smtp-settings"`,
    );
    await expect(el).to.be.accessible();

    const result = await test(el);
    expect(result.ok).to.equal(true);
    const tested = sent(requests, '/test', 'POST');
    expect(tested).to.include({
      sendingMethod: 'graph',
      signIn: 'application',
      clientId: MICROSOFT.clientId,
    });
    expect(tested).not.to.have.property('refreshToken');

    const saved = oneEvent(el, 'smtp-settings-save');
    button(el, 'Save').click();
    await saved;
    const stored = sent(requests, '/settings', 'PUT');
    expect(stored).to.include({ sendingMethod: 'graph', signIn: 'application' });
    expect(stored).not.to.have.property('refreshToken');
    // The saved values are the form's again: nothing left unsaved.
    await el.updateComplete;
    expect(el.matches(':state(dirty)')).to.equal(false);
    expect(field(el, 'Microsoft Graph').checked).to.equal(true);
  });

  it('guides SMTP with Application sign-in to SMTP.SendAsApp and the mailbox permission, with the From Email', async () => {
    const el = await mount();
    await chooseOAuth(el, 'Microsoft');
    await pick(el, 'Application (client credentials)');
    const guidance = () => shadow(el).querySelector('[part~="guidance"]')?.textContent?.replace(/\s+/g, ' ');
    // Until they are entered, the commands name what goes there.
    expect(guidance()).to.contain(
      'New-ServicePrincipal -AppId <client id> -ObjectId <enterprise app object id>',
    );
    await fillMicrosoftApp(el);
    expect(guidance()).to.contain('Office 365 Exchange Online application permission SMTP.SendAsApp');
    expect(guidance()).to.contain(
      `New-ServicePrincipal -AppId ${MICROSOFT.clientId} -ObjectId <enterprise app object id>`,
    );
    const permission = `Add-MailboxPermission -Identity ${FROM} -User <service principal id> -AccessRights FullAccess`;
    expect(guidance()).to.contain(permission);

    // Each command has its Copy button, named after its cmdlet.
    let copied = '';
    Object.defineProperty(navigator.clipboard, 'writeText', {
      configurable: true,
      value: async (value: string) => {
        copied = value;
      },
    });
    restore.push(() => delete (navigator.clipboard as { writeText?: unknown }).writeText);
    button(el, 'Copy Add-MailboxPermission').click();
    await waitUntil(() => copied === permission, 'the command was not copied');
    await el.updateComplete;
    expect(button(el, 'Copied').getAttribute('aria-label')).to.equal('Copied');
    expect(button(el, 'Copy New-ServicePrincipal')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('loads saved Graph and Application settings back, with the client secret’s expiry warning', async () => {
    const warning = {
      message: 'The client secret expires on 2030-01-31: create a new one and enter it here before then.',
      messageKey: 'warning.clientSecretExpires' as const,
      params: { date: '2030-01-31' },
    };
    const health = { scopes: [], warnings: [warning] };
    const { restore: undo } = intercept(({ url, method }) =>
      url.endsWith('/settings') && method === 'GET'
        ? Response.json(savedResponse(SAVED_APP, health))
        : undefined,
    );
    restore.push(undo);
    const el = await mount();
    expect(field(el, 'Microsoft Graph').checked).to.equal(true);
    expect(field(el, 'Application (client credentials)').checked).to.equal(true);
    expect(field(el, 'Client ID').value).to.equal(MICROSOFT.clientId);
    expect(hasField(el, 'Refresh Token')).to.equal(false);
    expect(text(el)).to.contain(`New-ApplicationAccessPolicy -AppId ${MICROSOFT.clientId}`);
    expect(shadow(el).querySelector('[part~="warning"]')?.textContent).to.contain(warning.message);
    expect(el.matches(':state(dirty)')).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('asks for a new refresh token when a token saved for SMTP would be kept for Graph, and not for Application sign-in', async () => {
    const { sendingMethod: _method, signIn: _signIn, ...app } = SAVED_APP;
    const savedSmtp: SmtpSettingsPublic = { ...app, refreshToken: { set: true } };
    const { restore: undo } = intercept(({ url, method }) =>
      url.endsWith('/settings') && method === 'GET' ? Response.json(savedResponse(savedSmtp)) : undefined,
    );
    restore.push(undo);
    const el = await mount();
    expect(field(el, 'SMTP (XOAUTH2)').checked).to.equal(true);
    await pick(el, 'Microsoft Graph');
    const refused = 'Get a new refresh token: the sending method changed';
    await waitUntil(() => text(el).includes(refused), 'the kept refresh token was not refused');
    await pick(el, 'Application (client credentials)');
    await waitUntil(() => !text(el).includes(refused), 'Application sign-in still refuses the refresh token');
  });

  it('with Delegated sign-in through Graph, says what Get Refresh Token asks for and starts it for Graph', async () => {
    // Only the start request matters here: it is answered as a blocked window's sign-in that goes on.
    const flowId = 'f'.repeat(22);
    const { requests, restore: undo } = intercept(({ url }) => {
      if (url.endsWith('/oauth/microsoft/start'))
        return Response.json({ flowId, authorizeUrl: 'https://login.example/authorize' });
      if (url.endsWith(`/oauth/flows/${flowId}`))
        return Response.json({ flowId, status: 'started', provider: 'microsoft' });
      return undefined;
    });
    restore.push(undo);
    const original = window.open;
    window.open = (() => null) as typeof window.open;
    restore.push(() => (window.open = original));
    const el = await mount();
    await chooseOAuth(el, 'Microsoft');
    await fillMicrosoftApp(el);
    await pick(el, 'Microsoft Graph');
    expect(text(el)).to.contain('Get Refresh Token asks for the Microsoft Graph permission Mail.Send');
    expect(text(el)).to.contain('A refresh token got for SMTP does not work with Microsoft Graph');
    // Read with the button too, where a screen reader user meets it.
    const note = shadow(el).getElementById(
      button(el, 'Get Refresh Token').getAttribute('aria-describedby') ?? '',
    );
    expect(note?.textContent).to.contain('Mail.Send');
    button(el, 'Get Refresh Token').click();
    await waitUntil(
      () => requests.some((r) => r.url.endsWith('/oauth/microsoft/start')),
      'sign-in never started',
    );
    const start = requests.find((r) => r.url.endsWith('/oauth/microsoft/start'));
    expect(start?.body).to.include({ sendingMethod: 'graph', clientId: MICROSOFT.clientId });

    await waitUntil(
      () => text(el).includes('The browser blocked the sign-in window.'),
      'start never answered',
    );

    // Over SMTP the start request stays as it was.
    await pick(el, 'SMTP (XOAUTH2)');
    button(el, 'Get Refresh Token').click();
    await waitUntil(
      () => requests.filter((r) => r.url.endsWith('/oauth/microsoft/start')).length === 2,
      'sign-in never started again',
    );
    expect(
      requests.filter((r) => r.url.endsWith('/oauth/microsoft/start')).at(-1)?.body,
    ).not.to.have.property('sendingMethod');
  });

  it('puts the server’s errors on the sending method and sign-in, like any field', async () => {
    const fields = {
      sendingMethod: 'Choose SMTP or Microsoft Graph',
      signIn: 'Choose Delegated or Application sign-in',
    };
    const { restore: undo } = intercept(({ url }) =>
      url.endsWith('/test')
        ? Response.json(
            { error: { code: 'VALIDATION_FAILED', message: 'Some fields are invalid', fields } },
            { status: 400 },
          )
        : undefined,
    );
    restore.push(undo);
    const el = await mount();
    await chooseOAuth(el, 'Microsoft');
    await pick(el, 'Application (client credentials)');
    await fillMicrosoftApp(el);
    const failed = oneEvent(el, 'smtp-settings-error');
    button(el, 'Test').click();
    await failed;
    await el.updateComplete;
    expect(errorOf(el, 'Microsoft Graph')).to.equal(fields.sendingMethod);
    expect(errorOf(el, 'Application (client credentials)')).to.equal(fields.signIn);
    expect(field(el, 'SMTP (XOAUTH2)').getAttribute('aria-invalid')).to.equal('true');
    await waitUntil(() => shadow(el).activeElement === field(el, 'SMTP (XOAUTH2)'), 'focus did not move');
    await expect(el).to.be.accessible();

    // Picking again answers the error.
    await pick(el, 'Microsoft Graph');
    expect(errorOf(el, 'Microsoft Graph')).to.equal('');
    expect(field(el, 'SMTP (XOAUTH2)').getAttribute('aria-invalid')).to.equal('false');
  });

  it('works both choices with the keyboard', async () => {
    const el = await mount();
    await chooseOAuth(el, 'Microsoft');
    field(el, 'SMTP (XOAUTH2)').focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(field(el, 'Microsoft Graph').checked).to.equal(true);
    expect(shadow(el).activeElement).to.equal(field(el, 'Microsoft Graph'));
    expect(text(el)).to.contain('Get Refresh Token asks for the Microsoft Graph permission Mail.Send');
    // Tab leaves the group for the next one, at its checked choice.
    await sendKeys({ press: 'Tab' });
    expect(shadow(el).activeElement).to.equal(field(el, 'Delegated (Get Refresh Token)'));
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(field(el, 'Application (client credentials)').checked).to.equal(true);
    expect(() => button(el, 'Get Refresh Token')).to.throw();
    expect(shadow(el).querySelector('[part~="guidance"]')).to.exist;
  });
});
