import { createContext } from '@lit/context';
import type { MetaResponse, OAuthFlowResponse, SecretField, SettingsResponse } from '@smtp-settings/schema';
import type { SmtpSettingsClient } from '../api/client.js';
import type { SmtpSettingsErrorDetail } from '../events/smtp-settings-error.js';
import type { SmtpSettingsStrings } from '../localize/strings.js';
import type { FormValues, SecretEdits } from './form-values.js';

/** What the parts of the form may ask `<smtp-settings>` to do; it keeps the state, they keep none of it. */
export interface FormActions {
  /** Sets some of the form's values as one edit of `field`; `commit` when no DOM `change` will follow (a button's click). */
  edit(changes: Partial<FormValues>, field: string, commit?: boolean): void;
  /** "Clear" on a saved secret, or "Keep saved" to undo it; drops a token just obtained by sign-in. */
  toggleClear(field: SecretField): void;
  /** Puts a completed sign-in flow into the form; its refresh token replaces the saved one. */
  applyFlow(flow: OAuthFlowResponse): void;
  /** Adds field errors (field → message) to those shown and moves focus to the first invalid field. */
  showErrors(errors: Record<string, string>): void;
  /** Says something in the polite status area. */
  announce(status: string): void;
  /** Fires `smtp-settings-error` for a failure the part showed itself. */
  reportError(detail: SmtpSettingsErrorDetail): void;
  /** Whether the admin edited `field` since the settings were loaded or saved. */
  isEdited(field: string): boolean;
  /** Whether the server holds `field` for the variant the form shows. */
  isSaved(field: SecretField): boolean;
  /** Keeps the form's values, without any secret, for a full-page sign-in that returns with `flowId`. */
  keepForReturn(flowId: string): void;
  /** The flow a full-page sign-in came back with, once; `undefined` afterwards. */
  takeReturnedFlow(): string | undefined;
}

/** The state of one `<smtp-settings>` its parts render from; a new object on every update of the element. */
export interface FormState {
  /** The texts, English with the host's replacements. */
  t: SmtpSettingsStrings;
  /** The element's `locale`, for dates. */
  locale: string | undefined;
  /** What the server said about itself: providers, redirect URIs, presets. */
  meta: MetaResponse;
  /** The saved settings the form started from. */
  saved: SettingsResponse | undefined;
  /** The non-secret values as typed. */
  values: FormValues;
  /** The secrets as edited, and a completed sign-in flow. */
  secrets: SecretEdits;
  /** Field → message of the fields that are invalid now, a saved secret that cannot be kept among them. */
  errors: Record<string, string>;
  /** How to reach the adapter. */
  client: SmtpSettingsClient | undefined;
  /** What the parts may ask the element to do. */
  actions: FormActions;
}

/** The form state `<smtp-settings>` provides to its parts (`<smtp-settings-basic>`, `<smtp-settings-oauth>`, `<smtp-settings-secret>`, `<smtp-settings-delivery-status>`, `<smtp-settings-history>`). */
export const formContext = createContext<FormState>(Symbol('smtp-settings-form'));
