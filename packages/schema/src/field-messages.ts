/**
 * Every message the settings schemas report, by name. The English text is what the server sends and what
 * a translation is keyed by (the widget's `strings.fieldMessages`), so each is fixed: none quotes input.
 */
export const FIELD_MESSAGES = {
  settingsNotObject: 'Send the settings as a JSON object',
  unknownField: 'Unknown field',
  valueRequired: 'Enter a value',
  textNotString: 'Enter text, or leave the field empty',
  authTypeInvalid: 'Choose Basic or OAuth authentication',
  providerInvalid: 'Choose Microsoft or Google',

  hostRequired: 'Enter the SMTP server',
  hostHasScheme: 'Enter the server name only, without smtp:// or https://',
  hostHasSpaces: 'The server name cannot contain spaces',
  hostHasBrackets: 'Write the IPv6 address without brackets, like 2001:db8::25',
  hostHasPort: 'Put the port number in the SMTP Port field, not in the server name',
  hostTooLong: 'The server name is too long (at most 253 characters)',
  hostInvalidIpv6: 'Enter a valid IPv6 address, like 2001:db8::25',
  hostInvalidIpv4: 'Enter a valid IPv4 address, like 192.0.2.10',
  hostInvalidName: 'Enter a valid server name, like smtp.example.com',
  portInvalid: 'Port must be a whole number from 1 to 65535',
  securityInvalid: 'Choose SSL/TLS, STARTTLS or None',
  allowInvalidCertificateNotBoolean: 'Allow invalid certificate must be true or false',

  fromEmailRequired: 'Enter the From email address',
  fromEmailHasName: 'Enter the email address only, without a name or < >; put the name in From Name',
  fromEmailTooLong: 'The email address is too long (at most 254 characters)',
  fromEmailInvalid: 'Enter a valid email address, like notifications@example.com',
  fromNameControlCharacters: 'From Name cannot contain line breaks or control characters',
  fromNameTooLong: 'From Name can be at most 256 characters',
  usernameControlCharacters: 'Username cannot contain line breaks or control characters',
  usernameTooLong: 'Username can be at most 256 characters',

  microsoftClientIdRequired: 'Enter the Application (client) ID',
  microsoftClientIdInvalid:
    'Client ID must be the Application (client) ID GUID from the Azure app registration',
  tenantIdRequired: 'Enter the Directory (tenant) ID',
  tenantIdCommon: `Enter your organisation's Tenant ID or a verified domain: SMTP tokens need the tenant, so "common" cannot be used`,
  tenantIdOrganizations: `Enter your organisation's Tenant ID or a verified domain: SMTP tokens need the tenant, so "organizations" cannot be used`,
  tenantIdConsumers: `Enter your organisation's Tenant ID or a verified domain: SMTP tokens need the tenant, so "consumers" cannot be used`,
  tenantIdInvalid:
    'Tenant ID must be the Directory (tenant) ID GUID or a verified domain, like contoso.onmicrosoft.com',
  googleClientIdRequired: 'Enter the Client ID',
  googleClientIdSuffix: 'Client ID must end with .apps.googleusercontent.com',
  googleClientIdInvalid:
    'Copy the whole Client ID from Google Cloud, like 1234567890-abc123.apps.googleusercontent.com',
  clientSecretExpiresAtInvalid: 'Enter the expiry date as YYYY-MM-DD',

  passwordRequired: 'Enter the password',
  passwordControlCharacters: 'Password cannot contain line breaks or control characters',
  passwordTooLong: 'Password can be at most 1024 characters',
  clientSecretRequired: 'Enter the client secret',
  clientSecretControlCharacters: 'Client secret cannot contain line breaks or control characters',
  clientSecretTooLong: 'Client secret can be at most 1024 characters',
  refreshTokenRequired: 'Enter the refresh token',
  refreshTokenControlCharacters: 'Refresh token cannot contain line breaks or control characters',
  refreshTokenTooLong: 'Refresh token can be at most 16384 characters',
  secretInputEmpty: 'Enter a value, or clear the field',
  secretInputInvalid: 'Enter a new value, keep the saved one, or clear it',
  flowIdNotString: 'Send the flow id as a string',
  flowIdInvalid: 'This is not a flow id from "Get Refresh Token"',
} as const;

/** The English text of a field message: what the server sends, and the key a translation replaces. */
export type FieldMessage = (typeof FIELD_MESSAGES)[keyof typeof FIELD_MESSAGES];
