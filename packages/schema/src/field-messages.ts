/**
 * Every message the settings schemas report, one named constant each; the package exports them together
 * as `FIELD_MESSAGES`. The English text is what the server sends and what a translation is keyed by (the
 * widget's `strings.fieldMessages`), so each is fixed: none quotes input. Separate exports rather than one
 * object literal let a browser bundle keep only the messages of the schemas it uses.
 */

export const settingsNotObject = 'Send the settings as a JSON object';
export const unknownField = 'Unknown field';
export const valueRequired = 'Enter a value';
export const textNotString = 'Enter text, or leave the field empty';
export const textBrokenCharacter = 'Remove the broken character (half of an emoji or symbol) from this text';
export const authTypeInvalid = 'Choose Basic or OAuth authentication';
export const providerInvalid = 'Choose Microsoft or Google';

export const hostRequired = 'Enter the SMTP server';
export const hostHasScheme = 'Enter the server name only, without smtp:// or https://';
export const hostHasSpaces = 'The server name cannot contain spaces';
export const hostHasBrackets = 'Write the IPv6 address without brackets, like 2001:db8::25';
export const hostHasPort = 'Put the port number in the SMTP Port field, not in the server name';
export const hostTooLong = 'The server name is too long (at most 253 characters)';
export const hostInvalidIpv6 = 'Enter a valid IPv6 address, like 2001:db8::25';
export const hostInvalidIpv4 = 'Enter a valid IPv4 address, like 192.0.2.10';
export const hostInvalidName = 'Enter a valid server name, like smtp.example.com';
export const portInvalid = 'Port must be a whole number from 1 to 65535';
export const securityInvalid = 'Choose SSL/TLS, STARTTLS or None';
export const sendingMethodInvalid = 'Choose SMTP or Microsoft Graph';
export const signInInvalid = 'Choose Delegated or Application sign-in';
export const allowInvalidCertificateNotBoolean = 'Allow invalid certificate must be true or false';

export const fromEmailRequired = 'Enter the From email address';
export const fromEmailHasName =
  'Enter the email address only, without a name or < >; put the name in From Name';
export const fromEmailTooLong = 'The email address is too long (at most 254 characters)';
export const fromEmailInvalid = 'Enter a valid email address, like notifications@example.com';
export const fromNameControlCharacters = 'From Name cannot contain line breaks or control characters';
export const fromNameTooLong = 'From Name can be at most 256 characters';
export const usernameControlCharacters = 'Username cannot contain line breaks or control characters';
export const usernameTooLong = 'Username can be at most 256 characters';

export const microsoftClientIdRequired = 'Enter the Application (client) ID';
export const microsoftClientIdInvalid =
  'Client ID must be the Application (client) ID GUID from the Azure app registration';
export const tenantIdRequired = 'Enter the Directory (tenant) ID';
export const tenantIdCommon = `Enter your organisation's Tenant ID or a verified domain: SMTP tokens need the tenant, so "common" cannot be used`;
export const tenantIdOrganizations = `Enter your organisation's Tenant ID or a verified domain: SMTP tokens need the tenant, so "organizations" cannot be used`;
export const tenantIdConsumers = `Enter your organisation's Tenant ID or a verified domain: SMTP tokens need the tenant, so "consumers" cannot be used`;
export const tenantIdInvalid =
  'Tenant ID must be the Directory (tenant) ID GUID or a verified domain, like contoso.onmicrosoft.com';
export const googleClientIdRequired = 'Enter the Client ID';
export const googleClientIdSuffix = 'Client ID must end with .apps.googleusercontent.com';
export const googleClientIdInvalid =
  'Copy the whole Client ID from Google Cloud, like 1234567890-abc123.apps.googleusercontent.com';
export const clientSecretExpiresAtInvalid = 'Enter the expiry date as YYYY-MM-DD';

export const passwordRequired = 'Enter the password';
export const passwordControlCharacters = 'Password cannot contain line breaks or control characters';
export const passwordTooLong = 'Password can be at most 1024 characters';
export const clientSecretRequired = 'Enter the client secret';
export const clientSecretControlCharacters = 'Client secret cannot contain line breaks or control characters';
export const clientSecretTooLong = 'Client secret can be at most 1024 characters';
export const refreshTokenRequired = 'Get a refresh token first: use Get Refresh Token, or paste one';
export const refreshTokenControlCharacters = 'Refresh token cannot contain line breaks or control characters';
export const refreshTokenTooLong = 'Refresh token can be at most 16384 characters';
export const passwordServerChanged = 'Enter the password again: the server changed';
export const clientSecretAppChanged = 'Enter the client secret again: the app registration changed';
export const refreshTokenAppChanged = 'Get a new refresh token: the app registration changed';
export const refreshTokenMethodChanged = 'Get a new refresh token: the sending method changed';
export const secretInputEmpty = 'Enter a value, or clear the field';
export const secretInputInvalid = 'Enter a new value, keep the saved one, or clear it';
export const flowIdNotString = 'Send the flow id as a string';
export const flowIdInvalid = 'This is not a flow id from "Get Refresh Token"';
