import { createContext } from '@lit/context';
import type { MetaResponse, SecretField, SettingsResponse } from '@smtp-settings/schema';
import type { SmtpSettingsClient } from '../api/client.js';
import type { SmtpSettingsStrings } from '../localize/strings.js';
import type { FormValues, SecretEdits } from './form-values.js';

/**
 * The state of one `<smtp-settings>` its parts render from; a new object on every update of the element.
 * It only goes down: a part asks for a change with a request event (form-requests.ts).
 */
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
  /** Whether the server holds each secret for the variant the form shows. */
  savedSecrets: Readonly<Record<SecretField, boolean>>;
  /** The fields the admin edited since the settings were loaded or saved. */
  edited: ReadonlySet<string>;
  /** The field of the admin's last keystroke, a new object for each; a part reacts to it with the value stored. */
  typed: { field: string } | undefined;
  /** The flow a full-page sign-in came back with, until a part takes it (`smtp-flow-taken`). */
  returnedFlowId: string | undefined;
}

/** The form state `<smtp-settings>` provides to its parts (`<smtp-settings-basic>`, `<smtp-settings-oauth>`, `<smtp-settings-secret>`, `<smtp-settings-delivery-status>`, `<smtp-settings-history>`). */
export const formContext = createContext<FormState>(Symbol('smtp-settings-form'));
