import {
  ClientSecretExpiresAtSchema,
  FromEmailSchema,
  FromNameSchema,
  GoogleClientIdSchema,
  HostSchema,
  keepRefusal,
  MicrosoftClientIdSchema,
  PortSchema,
  SECRET_FIELDS,
  type SecretField,
  type SmtpSettingsDraftInput,
  type SmtpSettingsPublic,
  secretInputText,
  secretValue,
  TenantIdSchema,
  UsernameSchema,
} from '@smtp-settings/schema';
import * as v from 'valibot';

// The server's own field schemas, one per field: the browser bundles only the valibot parts they use,
// not the settings variants around them (which add no rule of their own).
const FIELD_SCHEMAS: Partial<Record<string, v.GenericSchema>> = {
  host: HostSchema,
  port: PortSchema,
  username: UsernameSchema,
  tenantId: TenantIdSchema,
  clientSecretExpiresAt: ClientSecretExpiresAtSchema,
  fromEmail: FromEmailSchema,
  fromName: FromNameSchema,
  sendTo: v.optional(FromEmailSchema),
};

// A typed secret is checked as text; the markers the form sends instead ({ keep }, { clear }, { flow }) are its own.
const SECRET_SCHEMAS: Partial<Record<string, v.GenericSchema>> = {
  password: secretInputText('password'),
  clientSecret: secretInputText('clientSecret'),
  refreshToken: secretInputText('refreshToken'),
};

/** Validates every field of the draft with the schema the server uses for it; answers `{ field: message }`, empty when valid. */
export function validateDraft(draft: SmtpSettingsDraftInput): Record<string, string> {
  const fields: Record<string, unknown> = draft;
  const errors: Record<string, string> = {};
  for (const field of Object.keys(fields)) {
    const message = validateField(field, fields);
    if (message) errors[field] = message;
  }
  return errors;
}

/**
 * The saved secrets the draft keeps though the server or app registration they were saved for changed,
 * or though the server said it can no longer decrypt them (`unreadable`, field → its message), field →
 * the message ("Enter the password again: the server changed"): said on the field as soon as the admin
 * makes the change, and gone when it is undone or a new value is typed.
 */
export function keepRefusals(
  draft: SmtpSettingsDraftInput,
  saved: SmtpSettingsPublic | null | undefined,
  unreadable: Partial<Record<string, string>> = {},
): Record<string, string> {
  const fields: Record<string, unknown> = draft;
  const refusals: Record<string, string> = {};
  for (const field of SECRET_FIELDS) {
    const input = fields[field];
    // The draft keeps only secrets saved for the variant shown, as { keep: true }.
    const message =
      saved &&
      typeof input === 'object' &&
      input &&
      'keep' in input &&
      (unreadable[field] || keepRefusal(field, saved, draft));
    if (message) refusals[field] = message;
  }
  return refusals;
}

/** The server's message for a secret that must be set but is neither typed nor saved, such as the client secret sign-in needs. */
export function missingSecretMessage(field: SecretField): string | undefined {
  return v.safeParse(secretValue(field), '').issues?.[0].message;
}

/** Validates one field of the draft (or the test recipient) with its own schema, as on blur. */
export function validateField(field: string, draft: Record<string, unknown>): string | undefined {
  const value = draft[field];
  const schema =
    field === 'clientId'
      ? draft.provider === 'google'
        ? GoogleClientIdSchema
        : MicrosoftClientIdSchema
      : typeof value === 'string'
        ? (FIELD_SCHEMAS[field] ?? SECRET_SCHEMAS[field])
        : FIELD_SCHEMAS[field];
  return schema && v.safeParse(schema, value).issues?.[0].message;
}
