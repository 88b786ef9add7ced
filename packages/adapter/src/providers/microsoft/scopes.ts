import type { SendingMethod } from '@smtp-settings/schema';
import type { MintRequest } from '../provider.js';
import type { MicrosoftConfig } from './config.js';

// A refresh token, and the ID token that names the signed-in mailbox.
const SIGN_IN_SCOPES = ['offline_access', 'openid', 'email', 'profile'];

/**
 * The scopes "Get Refresh Token" asks Microsoft for: permission to send by the sending method (SMTP.Send,
 * or Graph's Mail.Send with User.Read), a refresh token and the signed-in mailbox.
 */
export function microsoftScopes(config: MicrosoftConfig, sendingMethod: SendingMethod = 'smtp'): string[] {
  const { origin } = config.graph;
  const send =
    sendingMethod === 'graph' ? [`${origin}/Mail.Send`, `${origin}/User.Read`] : [config.smtpScope];
  return [...send, ...SIGN_IN_SCOPES];
}

/**
 * The one scope an access token is minted for: its audience is the sending method's service, and
 * Application sign-in asks for the app's granted permissions there (`.default`) rather than one by name.
 */
export function mintScope({ sendingMethod, signIn }: MintRequest, config: MicrosoftConfig): string {
  const application = signIn === 'application';
  if (sendingMethod === 'graph') {
    return `${config.graph.origin}/${application ? '.default' : 'Mail.Send'}`;
  }
  return application ? config.smtpAppScope : config.smtpScope;
}
