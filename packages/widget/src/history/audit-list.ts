import type { AuditEntry } from '@smtp-settings/schema';
import { html, type TemplateResult } from 'lit';
import type { FormState } from '../form/form-context.js';
import { formatDateTime } from '../localize/date-time.js';
import { describeAuditEntry } from './describe-audit-entry.js';

/** Renders the audit trail, newest first; `<smtp-settings-history>` loads this module when History first opens. */
export function renderAuditList(form: FormState, entries: AuditEntry[]): TemplateResult {
  if (entries.length === 0) return html`<p class="muted">${form.t.historyEmpty}</p>`;
  return html`<ol part="history-list">${entries.map(
    (entry) =>
      html`<li><time datetime=${entry.at}>${formatDateTime(entry.at, form.locale)}</time> · ${entry.actor} · ${describeAuditEntry(form.t, entry)}</li>`,
  )}</ol>`;
}
