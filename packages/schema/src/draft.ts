import * as v from 'valibot';
import { RefreshTokenInputSchema, secretInput } from './secrets.js';
import { settingsSchemas } from './settings.js';

/** What `PUT /settings` accepts: the settings with every secret optional and omitted meaning "keep". */
export const SmtpSettingsDraftSchema = settingsSchemas({
  password: v.optional(secretInput('password')),
  clientSecret: v.optional(secretInput('clientSecret')),
  refreshToken: v.optional(RefreshTokenInputSchema),
}).settings;

/** A validated draft, ready to merge with the stored secrets. */
export type SmtpSettingsDraft = v.InferOutput<typeof SmtpSettingsDraftSchema>;

/** A draft as the browser sends it. */
export type SmtpSettingsDraftInput = v.InferInput<typeof SmtpSettingsDraftSchema>;
