import type { FieldMessage } from '@smtp-settings/widget';

/** German field errors: typed as every `FieldMessage`, so a new schema message fails the type check until it is translated. */
export const deFieldMessages: Record<FieldMessage, string> = {
  'Send the settings as a JSON object': 'Senden Sie die Einstellungen als JSON-Objekt',
  'Unknown field': 'Unbekanntes Feld',
  'Enter a value': 'Geben Sie einen Wert ein',
  'Enter text, or leave the field empty': 'Geben Sie Text ein oder lassen Sie das Feld leer',
  'Remove the broken character (half of an emoji or symbol) from this text':
    'Entfernen Sie das beschädigte Zeichen (ein halbes Emoji oder Symbol) aus diesem Text',
  'Choose Basic or OAuth authentication': 'Wählen Sie Basis- oder OAuth-Authentifizierung',
  'Choose Microsoft or Google': 'Wählen Sie Microsoft oder Google',

  'Enter the SMTP server': 'Geben Sie den SMTP-Server ein',
  'Enter the server name only, without smtp:// or https://':
    'Geben Sie nur den Servernamen ein, ohne smtp:// oder https://',
  'The server name cannot contain spaces': 'Der Servername darf keine Leerzeichen enthalten',
  'Write the IPv6 address without brackets, like 2001:db8::25':
    'Schreiben Sie die IPv6-Adresse ohne eckige Klammern, etwa 2001:db8::25',
  'Put the port number in the SMTP Port field, not in the server name':
    'Tragen Sie die Portnummer im Feld SMTP-Port ein, nicht im Servernamen',
  'The server name is too long (at most 253 characters)':
    'Der Servername ist zu lang (höchstens 253 Zeichen)',
  'Enter a valid IPv6 address, like 2001:db8::25':
    'Geben Sie eine gültige IPv6-Adresse ein, etwa 2001:db8::25',
  'Enter a valid IPv4 address, like 192.0.2.10': 'Geben Sie eine gültige IPv4-Adresse ein, etwa 192.0.2.10',
  'Enter a valid server name, like smtp.example.com':
    'Geben Sie einen gültigen Servernamen ein, etwa smtp.example.com',
  'Port must be a whole number from 1 to 65535': 'Der Port muss eine ganze Zahl von 1 bis 65535 sein',
  'Choose SSL/TLS, STARTTLS or None': 'Wählen Sie SSL/TLS, STARTTLS oder Keine',
  'Choose SMTP or Microsoft Graph': 'Wählen Sie SMTP oder Microsoft Graph als Sendeweg',
  'Choose Delegated or Application sign-in': 'Wählen Sie die delegierte oder die Anwendungsanmeldung',
  'Allow invalid certificate must be true or false':
    '„Ungültiges Zertifikat zulassen“ muss wahr oder falsch sein',

  'Enter the From email address': 'Geben Sie die Absender-E-Mail-Adresse ein',
  'Enter the email address only, without a name or < >; put the name in From Name':
    'Geben Sie nur die E-Mail-Adresse ein, ohne Namen oder < >; der Name gehört in „Absendername“',
  'The email address is too long (at most 254 characters)':
    'Die E-Mail-Adresse ist zu lang (höchstens 254 Zeichen)',
  'Enter a valid email address, like notifications@example.com':
    'Geben Sie eine gültige E-Mail-Adresse ein, etwa notifications@example.com',
  'From Name cannot contain line breaks or control characters':
    'Der Absendername darf keine Zeilenumbrüche oder Steuerzeichen enthalten',
  'From Name can be at most 256 characters': 'Der Absendername darf höchstens 256 Zeichen lang sein',
  'Username cannot contain line breaks or control characters':
    'Der Benutzername darf keine Zeilenumbrüche oder Steuerzeichen enthalten',
  'Username can be at most 256 characters': 'Der Benutzername darf höchstens 256 Zeichen lang sein',

  'Enter the Application (client) ID': 'Geben Sie die Anwendungs-ID (Client-ID) ein',
  'Client ID must be the Application (client) ID GUID from the Azure app registration':
    'Die Client-ID muss die GUID der Anwendungs-ID (Client-ID) aus der Azure-App-Registrierung sein',
  'Enter the Directory (tenant) ID': 'Geben Sie die Verzeichnis-ID (Mandanten-ID) ein',
  'Enter your organisation\'s Tenant ID or a verified domain: SMTP tokens need the tenant, so "common" cannot be used':
    'Geben Sie die Mandanten-ID Ihrer Organisation oder eine verifizierte Domäne ein: SMTP-Token brauchen den Mandanten, daher ist „common“ nicht möglich',
  'Enter your organisation\'s Tenant ID or a verified domain: SMTP tokens need the tenant, so "organizations" cannot be used':
    'Geben Sie die Mandanten-ID Ihrer Organisation oder eine verifizierte Domäne ein: SMTP-Token brauchen den Mandanten, daher ist „organizations“ nicht möglich',
  'Enter your organisation\'s Tenant ID or a verified domain: SMTP tokens need the tenant, so "consumers" cannot be used':
    'Geben Sie die Mandanten-ID Ihrer Organisation oder eine verifizierte Domäne ein: SMTP-Token brauchen den Mandanten, daher ist „consumers“ nicht möglich',
  'Tenant ID must be the Directory (tenant) ID GUID or a verified domain, like contoso.onmicrosoft.com':
    'Die Mandanten-ID muss die GUID der Verzeichnis-ID (Mandanten-ID) oder eine verifizierte Domäne sein, etwa contoso.onmicrosoft.com',
  'Enter the Client ID': 'Geben Sie die Client-ID ein',
  'Client ID must end with .apps.googleusercontent.com':
    'Die Client-ID muss auf .apps.googleusercontent.com enden',
  'Copy the whole Client ID from Google Cloud, like 1234567890-abc123.apps.googleusercontent.com':
    'Kopieren Sie die ganze Client-ID aus Google Cloud, etwa 1234567890-abc123.apps.googleusercontent.com',
  'Enter the expiry date as YYYY-MM-DD': 'Geben Sie das Ablaufdatum als JJJJ-MM-TT ein',

  'Enter the password': 'Geben Sie das Passwort ein',
  'Password cannot contain line breaks or control characters':
    'Das Passwort darf keine Zeilenumbrüche oder Steuerzeichen enthalten',
  'Password can be at most 1024 characters': 'Das Passwort darf höchstens 1024 Zeichen lang sein',
  'Enter the client secret': 'Geben Sie den geheimen Clientschlüssel ein',
  'Client secret cannot contain line breaks or control characters':
    'Der geheime Clientschlüssel darf keine Zeilenumbrüche oder Steuerzeichen enthalten',
  'Client secret can be at most 1024 characters':
    'Der geheime Clientschlüssel darf höchstens 1024 Zeichen lang sein',
  'Get a refresh token first: use Get Refresh Token, or paste one':
    'Rufen Sie zuerst ein Aktualisierungstoken ab: mit „Aktualisierungstoken abrufen“, oder fügen Sie eines ein',
  'Refresh token cannot contain line breaks or control characters':
    'Das Aktualisierungstoken darf keine Zeilenumbrüche oder Steuerzeichen enthalten',
  'Refresh token can be at most 16384 characters':
    'Das Aktualisierungstoken darf höchstens 16384 Zeichen lang sein',
  'Enter the password again: the server changed':
    'Geben Sie das Passwort erneut ein: Der Server wurde geändert',
  'Enter the client secret again: the app registration changed':
    'Geben Sie den geheimen Clientschlüssel erneut ein: Die App-Registrierung wurde geändert',
  'Get a new refresh token: the app registration changed':
    'Rufen Sie ein neues Aktualisierungstoken ab: Die App-Registrierung wurde geändert',
  'Get a new refresh token: the sending method changed':
    'Rufen Sie ein neues Aktualisierungstoken ab: Die Versandmethode wurde geändert',
  'Enter a value, or clear the field': 'Geben Sie einen Wert ein oder leeren Sie das Feld',
  'Enter a new value, keep the saved one, or clear it':
    'Geben Sie einen neuen Wert ein, behalten Sie den gespeicherten oder entfernen Sie ihn',
  'Send the flow id as a string': 'Senden Sie die Flow-ID als Zeichenkette',
  'This is not a flow id from "Get Refresh Token"':
    'Dies ist keine Flow-ID von „Aktualisierungstoken abrufen“',
};
