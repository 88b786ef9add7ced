import type { SendingMethod, SignIn } from '@smtp-settings/schema';

/**
 * The texts of Microsoft's sending method and sign-in and of the guidance that goes with them. Their
 * English ({@link microsoftEn}) loads with the OAuth fields rather than with the form, so in
 * `SmtpSettingsStrings` they are optional.
 */
export interface MicrosoftStrings {
  /** Legend of the sending method choice. */
  sendingMethod: string;
  /** Names of the sending methods. */
  sendingMethods: Record<SendingMethod, string>;
  /** Legend of the sign-in choice. */
  signIn: string;
  /** Names of the ways to sign in. */
  signIns: Record<SignIn, string>;
  /** With Delegated sign-in through Microsoft Graph: what "Get Refresh Token" asks for, and that a token got for SMTP will not do. */
  graphDelegatedNote: string;
  /** Heading of the guidance for Application sign-in. */
  appGuidance: string;
  /** The permission to grant the app and consent to, per sending method. */
  appPermission: Record<SendingMethod, string>;
  /** How to restrict the app to the sending mailbox, per sending method; its PowerShell commands follow. */
  appRestrict: Record<SendingMethod, string>;
  /** Those PowerShell commands, with the Client ID and From Email entered (empty when not yet). */
  appCommands: (method: SendingMethod, clientId: string, fromEmail: string) => string[];
  /** Hint under the client secret expiry with Application sign-in, where the secret is the app's only credential. */
  clientSecretExpiresAtAppHint: string;
}

/** The English {@link MicrosoftStrings}. */
export const microsoftEn: MicrosoftStrings = {
  sendingMethod: 'Sending method',
  sendingMethods: { smtp: 'SMTP (XOAUTH2)', graph: 'Microsoft Graph' },
  signIn: 'Sign-in',
  signIns: { delegated: 'Delegated (Get Refresh Token)', application: 'Application (client credentials)' },
  graphDelegatedNote:
    'Get Refresh Token asks for the Microsoft Graph permission Mail.Send. A refresh token got for SMTP does not work with Microsoft Graph: get it again.',
  appGuidance: 'Before testing, grant the app its permission and restrict it to the sending mailbox:',
  appPermission: {
    smtp: 'In Entra ID → App registrations → API permissions, add the Office 365 Exchange Online application permission SMTP.SendAsApp and grant admin consent.',
    graph:
      'In Entra ID → App registrations → API permissions, add the Microsoft Graph application permission Mail.Send and grant admin consent.',
  },
  appRestrict: {
    smtp: "In Exchange Online PowerShell, register the app's service principal (the object ID is its enterprise application's) and give it access to the From Email mailbox:",
    graph:
      'Mail.Send lets the app send as any mailbox: in Exchange Online PowerShell, restrict it with an application access policy to a mail-enabled security group that holds the From Email:',
  },
  appCommands: (method, clientId, fromEmail) => {
    const app = clientId || '<client id>';
    return method === 'graph'
      ? [
          `New-ApplicationAccessPolicy -AppId ${app} -PolicyScopeGroupId <mail-enabled security group> -AccessRight RestrictAccess -Description "smtp-settings"`,
        ]
      : [
          `New-ServicePrincipal -AppId ${app} -ObjectId <enterprise app object id>`,
          `Add-MailboxPermission -Identity ${fromEmail || '<From Email>'} -User <service principal id> -AccessRights FullAccess`,
        ];
  },
  clientSecretExpiresAtAppHint:
    "The client secret is the app's only credential: mail stops the day it expires. You are warned 30 days before.",
};
