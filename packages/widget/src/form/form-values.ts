import type {
  AuthType,
  OAuthFlowResponse,
  OAuthProvider,
  SecretField,
  SecretInput,
  Security,
  SendingMethod,
  SignIn,
  SmtpSettingsDraftInput,
  SmtpSettingsPublic,
} from '@smtp-settings/schema';

/** The non-secret inputs of the form as typed; every variant's fields live side by side. */
export interface FormValues {
  /** "Authentication Type". */
  authType: AuthType;
  /** "Email Provider", kept while Basic is shown so switching back restores it. */
  provider: OAuthProvider;
  /** "SMTP Server". */
  host: string;
  /** "SMTP Port" as typed, so a half-typed number is not lost. */
  port: string;
  /** "Connection Security". */
  security: Security;
  /** "SMTP User Name". */
  username: string;
  /** "Allow invalid certificate". */
  allowInvalidCertificate: boolean;
  /** "Client ID". */
  clientId: string;
  /** "Tenant ID" (Microsoft). */
  tenantId: string;
  /** "Sending method" (Microsoft): SMTP with XOAUTH2, or Microsoft Graph. */
  sendingMethod: SendingMethod;
  /** "Sign-in" (Microsoft): a refresh token from "Get Refresh Token", or the app's client credentials. */
  signIn: SignIn;
  /** "Client secret expires" as `YYYY-MM-DD`, or empty. */
  clientSecretExpiresAt: string;
  /** "From Email". */
  fromEmail: string;
  /** "From Name". */
  fromName: string;
}

/** What the admin did with one secret: typed a new value, asked to clear the saved one, or neither. */
export interface SecretEdit {
  /** The new value typed; empty when none. */
  value: string;
  /** Whether "Clear" asked to remove the saved value. */
  clear: boolean;
}

/** The secrets of the form as edited, plus the completed "Get Refresh Token" flow whose token replaces the refresh token. */
export interface SecretEdits extends Record<SecretField, SecretEdit> {
  /** The completed sign-in flow; the draft then sends `refreshToken: { flow: flowId }`. */
  flow?: OAuthFlowResponse;
}

/** A fresh, untouched secret edit for each secret field. */
export function untouchedSecrets(): SecretEdits {
  const untouched = (): SecretEdit => ({ value: '', clear: false });
  return { password: untouched(), clientSecret: untouched(), refreshToken: untouched() };
}

/** The form's starting values: the saved settings where they exist, defaults elsewhere. */
export function valuesFrom(settings: SmtpSettingsPublic | null, provider: OAuthProvider): FormValues {
  const saved: Partial<Record<string, unknown>> = settings ?? {};
  const text = (key: string) => (typeof saved[key] === 'string' ? (saved[key] as string) : '');
  return {
    authType: settings?.authType ?? 'basic',
    provider: settings?.authType === 'oauth' ? settings.provider : provider,
    host: text('host'),
    port: typeof saved.port === 'number' ? String(saved.port) : '587',
    security: (saved.security as Security | undefined) ?? 'starttls',
    username: text('username'),
    allowInvalidCertificate: saved.allowInvalidCertificate === true,
    clientId: text('clientId'),
    tenantId: text('tenantId'),
    sendingMethod: (saved.sendingMethod as SendingMethod | undefined) ?? 'smtp',
    signIn: (saved.signIn as SignIn | undefined) ?? 'delegated',
    clientSecretExpiresAt: text('clientSecretExpiresAt'),
    fromEmail: text('fromEmail'),
    fromName: text('fromName'),
  };
}

/** Whether the server holds this secret for the variant the form shows; a secret never crosses variants. */
export function isSecretSaved(
  settings: SmtpSettingsPublic | null | undefined,
  values: Pick<FormValues, 'authType' | 'provider'>,
  field: SecretField,
): boolean {
  if (!settings || settings.authType !== values.authType) return false;
  if (settings.authType === 'oauth' && settings.provider !== values.provider) return false;
  return (settings as Partial<Record<SecretField, { set: boolean }>>)[field]?.set === true;
}

/** The completed sign-in of the provider the form shows; a token signed in with one provider never serves another. */
export function flowOf(
  values: Pick<FormValues, 'provider'>,
  secrets: Pick<SecretEdits, 'flow'>,
): OAuthFlowResponse | undefined {
  return secrets.flow?.provider === values.provider ? secrets.flow : undefined;
}

/** The port as the schema expects it: a number, `NaN` for text that is not one, absent when empty. */
export function portNumber(port: string): number | undefined {
  return port.trim() === '' ? undefined : Number(port);
}

/** What a secret's edit sends: the value typed, else `{ clear }` or `{ keep }` for a saved one, else nothing. */
export function secretInputOf({ value, clear }: SecretEdit, saved: boolean): SecretInput | undefined {
  if (value !== '') return value;
  if (!saved) return undefined;
  return clear ? { clear: true } : { keep: true };
}

/** Whether the values sign in as the application (Microsoft's client credentials), which needs no refresh token. */
export function signsInAsApp(values: Pick<FormValues, 'provider' | 'signIn'>): boolean {
  return values.provider === 'microsoft' && values.signIn === 'application';
}

/**
 * Builds the draft `POST /test` and `PUT /settings` take: a typed secret is sent as is, a cleared one as
 * `{ clear: true }`, an untouched saved one as `{ keep: true }`, and a signed-in refresh token as `{ flow }`.
 * Microsoft's sending method and sign-in are sent when they are not the defaults (SMTP, delegated),
 * which is what their absence means; Application sign-in sends no refresh token.
 */
export function toDraft(
  values: FormValues,
  secrets: SecretEdits,
  saved: (field: SecretField) => boolean,
): SmtpSettingsDraftInput {
  const secret = (field: SecretField) => secretInputOf(secrets[field], saved(field));
  const sender = { fromEmail: values.fromEmail, fromName: values.fromName };
  if (values.authType === 'basic') {
    return {
      authType: 'basic',
      host: values.host,
      port: portNumber(values.port) as number,
      security: values.security,
      username: values.username,
      password: secret('password'),
      allowInvalidCertificate: values.allowInvalidCertificate || undefined,
      ...sender,
    };
  }
  const flow = flowOf(values, secrets);
  const oauth = {
    authType: 'oauth' as const,
    clientId: values.clientId,
    clientSecret: secret('clientSecret'),
    clientSecretExpiresAt: values.clientSecretExpiresAt || undefined,
    // Application sign-in has none: no refresh token is sent, and no failed test can blame one.
    ...(!signsInAsApp(values) && {
      refreshToken:
        secrets.refreshToken.value === '' && flow ? { flow: flow.flowId } : secret('refreshToken'),
    }),
    ...sender,
  };
  return values.provider === 'microsoft'
    ? {
        ...oauth,
        provider: 'microsoft',
        tenantId: values.tenantId,
        ...(values.sendingMethod === 'graph' && { sendingMethod: 'graph' }),
        ...(values.signIn === 'application' && { signIn: 'application' }),
      }
    : { ...oauth, provider: 'google' };
}
