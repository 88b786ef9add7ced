import { expect } from '@open-wc/testing';
import type { OAuthFlowResponse, SmtpSettingsPublic } from '@smtp-settings/schema';
import { isSecretSaved, toDraft, untouchedSecrets, valuesFrom } from './form-values.js';

const SAVED_GOOGLE: SmtpSettingsPublic = {
  authType: 'oauth',
  provider: 'google',
  clientId: '123456789012-abc123def456.apps.googleusercontent.com',
  clientSecret: { set: true },
  refreshToken: { set: true },
  fromEmail: 'notifications@example.com',
  fromName: 'Example',
};

describe('form values', () => {
  it('starts from defaults, or from the saved settings without any secret', () => {
    expect(valuesFrom(null, 'google')).to.include({
      authType: 'basic',
      provider: 'google',
      port: '587',
      host: '',
    });
    const values = valuesFrom(SAVED_GOOGLE, 'microsoft');
    expect(values).to.include({ authType: 'oauth', provider: 'google', clientId: SAVED_GOOGLE.clientId });
    expect(Object.values(values)).not.to.deep.include({ set: true });
  });

  it('counts a saved secret only for the variant it was saved with', () => {
    expect(isSecretSaved(SAVED_GOOGLE, { authType: 'oauth', provider: 'google' }, 'clientSecret')).to.equal(
      true,
    );
    expect(
      isSecretSaved(SAVED_GOOGLE, { authType: 'oauth', provider: 'microsoft' }, 'clientSecret'),
    ).to.equal(false);
    expect(isSecretSaved(SAVED_GOOGLE, { authType: 'basic', provider: 'google' }, 'password')).to.equal(
      false,
    );
  });

  it('sends a typed secret, keep, clear, a flow, or nothing', () => {
    const values = valuesFrom(SAVED_GOOGLE, 'google');
    const saved = () => true;
    const secrets = untouchedSecrets();
    expect(toDraft(values, secrets, saved))
      .to.include({ provider: 'google' })
      .and.not.have.property('tenantId');
    expect(toDraft(values, secrets, saved)).to.deep.include({ clientSecret: { keep: true } });
    secrets.clientSecret = { value: '', clear: true };
    expect(toDraft(values, secrets, saved)).to.deep.include({ clientSecret: { clear: true } });
    secrets.clientSecret = { value: 'new', clear: false };
    expect(toDraft(values, secrets, saved)).to.deep.include({ clientSecret: 'new' });
    secrets.flow = {
      flowId: 'f'.repeat(22),
      status: 'completed',
      provider: 'google',
    } satisfies OAuthFlowResponse;
    expect(toDraft(values, secrets, saved)).to.deep.include({ refreshToken: { flow: 'f'.repeat(22) } });
    // Omitted in JSON: a new secret was never typed and none is saved.
    expect(JSON.parse(JSON.stringify(toDraft(values, untouchedSecrets(), () => false)))).not.to.have.property(
      'clientSecret',
    );
  });

  it('sends the port as a number and drops the other variant’s fields', () => {
    const values = { ...valuesFrom(null, 'microsoft'), port: '465', clientId: 'left over' };
    const draft = toDraft(values, untouchedSecrets(), () => false);
    expect(draft).to.include({ authType: 'basic', port: 465 }).and.not.have.property('clientId');
    expect(toDraft({ ...values, port: 'abc' }, untouchedSecrets(), () => false)).to.have.property('port').that
      .is.NaN;
  });

  it('sends Microsoft’s sending method and sign-in when not the defaults, and no refresh token for Application', () => {
    const saved: SmtpSettingsPublic = {
      authType: 'oauth',
      provider: 'microsoft',
      clientId: '00000000-0000-4000-8000-000000000001',
      clientSecret: { set: true },
      tenantId: 'contoso.onmicrosoft.com',
      refreshToken: { set: true },
      fromEmail: 'notifications@example.com',
    };
    const values = valuesFrom(saved, 'microsoft');
    expect(values).to.include({ sendingMethod: 'smtp', signIn: 'delegated' });
    const draft = toDraft(values, untouchedSecrets(), () => true);
    expect(draft).to.deep.include({ refreshToken: { keep: true } });
    expect(draft).not.to.have.any.keys('sendingMethod', 'signIn');

    const app = { ...values, sendingMethod: 'graph', signIn: 'application' } as const;
    const appDraft = toDraft(app, untouchedSecrets(), () => true);
    expect(appDraft).to.include({ sendingMethod: 'graph', signIn: 'application' });
    expect(appDraft).not.to.have.property('refreshToken');
    expect(valuesFrom({ ...saved, sendingMethod: 'graph', signIn: 'application' }, 'google')).to.include({
      sendingMethod: 'graph',
      signIn: 'application',
    });
    // Google sends only over SMTP with a refresh token, whatever was picked for Microsoft.
    const google = toDraft({ ...app, provider: 'google' }, untouchedSecrets(), () => true);
    expect(google).to.deep.include({ refreshToken: { keep: true } });
    expect(google).not.to.have.any.keys('sendingMethod', 'signIn');
  });
});
