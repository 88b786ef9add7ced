import type { MicrosoftStrings } from '@smtp-settings/widget';

/** German texts of Microsoft's sending method, sign-in and the guidance for Application sign-in. */
export const deMicrosoft: MicrosoftStrings = {
  sendingMethod: 'Versandmethode',
  sendingMethods: { smtp: 'SMTP (XOAUTH2)', graph: 'Microsoft Graph' },
  signIn: 'Anmeldung',
  signIns: {
    delegated: 'Delegiert (Refresh-Token abrufen)',
    application: 'Anwendung (Client-Anmeldeinformationen)',
  },
  graphDelegatedNote:
    '„Refresh-Token abrufen“ fragt nach der Microsoft-Graph-Berechtigung Mail.Send. Ein für SMTP abgerufenes Refresh-Token funktioniert mit Microsoft Graph nicht: Rufen Sie es erneut ab.',
  appGuidance:
    'Erteilen Sie der App vor dem Test ihre Berechtigung und beschränken Sie sie auf das Absenderpostfach:',
  appPermission: {
    smtp: 'Fügen Sie unter Entra ID → App-Registrierungen → API-Berechtigungen die Anwendungsberechtigung SMTP.SendAsApp von Office 365 Exchange Online hinzu und erteilen Sie die Administratorzustimmung.',
    graph:
      'Fügen Sie unter Entra ID → App-Registrierungen → API-Berechtigungen die Microsoft-Graph-Anwendungsberechtigung Mail.Send hinzu und erteilen Sie die Administratorzustimmung.',
  },
  appRestrict: {
    smtp: 'Registrieren Sie in Exchange Online PowerShell den Dienstprinzipal der App (die Objekt-ID ist die ihrer Unternehmensanwendung) und geben Sie ihm Zugriff auf das Postfach der Absender-E-Mail:',
    graph:
      'Mail.Send erlaubt der App, als jedes Postfach zu senden: Beschränken Sie sie in Exchange Online PowerShell mit einer Anwendungszugriffsrichtlinie auf eine E-Mail-aktivierte Sicherheitsgruppe, die die Absender-E-Mail enthält:',
  },
  appCommands: (method, clientId, fromEmail) => {
    const app = clientId || '<Client-ID>';
    return method === 'graph'
      ? [
          `New-ApplicationAccessPolicy -AppId ${app} -PolicyScopeGroupId <E-Mail-aktivierte Sicherheitsgruppe> -AccessRight RestrictAccess -Description "smtp-settings"`,
        ]
      : [
          `New-ServicePrincipal -AppId ${app} -ObjectId <Objekt-ID der Unternehmensanwendung>`,
          `Add-MailboxPermission -Identity ${fromEmail || '<Absender-E-Mail>'} -User <ID des Dienstprinzipals> -AccessRights FullAccess`,
        ];
  },
  clientSecretExpiresAtAppHint:
    'Der geheime Clientschlüssel ist der einzige Nachweis der App: Am Tag seines Ablaufs stoppt der E-Mail-Versand. Sie werden 30 Tage vorher gewarnt.',
};
