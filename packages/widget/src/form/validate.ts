import {
  ClientSecretExpiresAtSchema,
  FromEmailSchema,
  FromNameSchema,
  fieldErrors,
  GoogleClientIdSchema,
  HostSchema,
  MicrosoftClientIdSchema,
  PortSchema,
  type SmtpSettingsDraftInput,
  SmtpSettingsDraftSchema,
  TenantIdSchema,
  UsernameSchema,
} from '@smtp-settings/schema';
import * as v from 'valibot';

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

/** Validates the whole draft with the schema the server uses; answers `{ field: message }`, empty when valid. */
export function validateDraft(draft: SmtpSettingsDraftInput): Record<string, string> {
  const result = v.safeParse(SmtpSettingsDraftSchema, draft);
  return result.success ? {} : fieldErrors(result.issues);
}

/** Validates one field of the draft (or the test recipient) with its own schema, as on blur. */
export function validateField(field: string, draft: Record<string, unknown>): string | undefined {
  const schema =
    field === 'clientId'
      ? draft.provider === 'google'
        ? GoogleClientIdSchema
        : MicrosoftClientIdSchema
      : FIELD_SCHEMAS[field];
  return schema && v.safeParse(schema, draft[field]).issues?.[0].message;
}
