import type { SettingsResponse, SmtpSettingsDraftInput } from '@smtp-settings/schema';
import { type FormValues, isSecretSaved, type SecretEdits, toDraft } from './form-values.js';

/** The draft the form's values make, and its JSON: what dirty, tested and outdated compare. */
export interface DraftState {
  /** What `POST /test` and `PUT /settings` take. */
  draft: SmtpSettingsDraftInput;
  /** `draft` serialized, to compare with the saved baseline and the draft a test ran with. */
  json: string;
}

/**
 * Makes the draft once per state of the form: values, secrets and the saved settings are replaced on
 * each change, never changed in place, so the same three objects make the same draft.
 */
export function draftStateCache(): (
  values: FormValues,
  secrets: SecretEdits,
  saved: SettingsResponse | undefined,
) => DraftState {
  let last:
    | { values: FormValues; secrets: SecretEdits; saved?: SettingsResponse; state: DraftState }
    | undefined;
  return (values, secrets, saved) => {
    if (last && last.values === values && last.secrets === secrets && last.saved === saved) return last.state;
    const draft = toDraft(values, secrets, (field) => isSecretSaved(saved?.settings, values, field));
    last = { values, secrets, saved, state: { draft, json: JSON.stringify(draft) } };
    return last.state;
  };
}
