import type { OAuthFlowResponse, SecretField } from '@smtp-settings/schema';
import type { SmtpSettingsErrorDetail } from '../events/smtp-settings-error.js';
import type { FormValues } from './form-values.js';

/** What a part of the form may ask `<smtp-settings>`, which keeps the state: each request's name and detail. */
export interface FormRequests {
  /** The admin typed in, picked or ticked the control `name`; `value` is what it holds now. */
  'smtp-field-input': { name: string; value: string | boolean };
  /** Sets some of the form's values as one edit of `field`; `commit` when no DOM `change` will follow (a button's click). */
  'smtp-field-edit': { changes: Partial<FormValues>; field: string; commit: boolean };
  /** "Clear" on a saved secret, or "Keep saved" to undo it; drops a token just obtained by sign-in. */
  'smtp-secret-clear': { field: SecretField };
  /** Puts a completed sign-in flow into the form; its refresh token replaces the saved one. */
  'smtp-flow-apply': { flow: OAuthFlowResponse };
  /** The part took the flow a full-page sign-in came back with: nobody takes it again. */
  'smtp-flow-taken': { flowId: string };
  /** Keeps the form's values, without any secret, for a full-page sign-in that returns with `flowId`. */
  'smtp-flow-leave': { flowId: string };
  /** Adds field errors (field → message) to those shown and moves focus to the first invalid field. */
  'smtp-field-errors': { errors: Record<string, string> };
  /** Says something in the polite status area. */
  'smtp-form-announce': { status: string };
  /** A failure the part showed itself, for `smtp-settings-error`. */
  'smtp-part-error': SmtpSettingsErrorDetail;
}

/** One request of a part; it bubbles to the form in the same shadow root and never reaches the page. */
export class FormRequestEvent<K extends keyof FormRequests> extends Event {
  /** What is asked. */
  readonly detail: FormRequests[K];

  /** Creates the request `type`. */
  constructor(type: K, detail: FormRequests[K]) {
    super(type, { bubbles: true });
    this.detail = detail;
  }
}

/** Sends the request `type` from `part` up to the form around it. */
export function request<K extends keyof FormRequests>(part: Element, type: K, detail: FormRequests[K]): void {
  part.dispatchEvent(new FormRequestEvent(type, detail));
}
