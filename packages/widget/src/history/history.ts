import { html, nothing } from 'lit';
import { getAudit } from '../api/requests.js';
import { describeError } from '../form/error-detail.js';
import { FormPart } from '../form/form-part.js';
import { formatDateTime } from '../localize/date-time.js';
import { initialState, Task } from '../task/task.js';

/**
 * Who saved the settings last and when, and a "History" disclosure with the audit trail (saves with
 * the fields they changed, Tests with their server and outcome, refresh token rotations), read from
 * the adapter each time it opens and after each save while it is open.
 */
export class HistoryElement extends FormPart {
  static override properties = { open: { state: true } };

  private open = false;

  readonly #audit = new Task(this, {
    task: async ([client, open], { signal }) => {
      if (!client || !open) return initialState;
      // The trail's rendering comes with History's first opening, not with the form.
      const [{ renderAuditList }, { entries }] = await Promise.all([
        import('./audit-list.js'),
        getAudit(client, signal),
      ]);
      return { renderAuditList, entries };
    },
    args: () => [this.form?.client, this.open, this.form?.saved?.version] as const,
  });

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.#audit.abort();
  }

  protected override render(): unknown {
    const { form } = this;
    if (!form) return nothing;
    const { t, locale, saved } = form;
    return html`${
      saved?.updatedAt && saved.updatedBy
        ? html`<p part="last-saved" class="muted">${t.lastSaved(saved.updatedBy, formatDateTime(saved.updatedAt, locale))}</p>`
        : nothing
    }
      <details part="history" @toggle=${this.#handleToggle}>
        <summary part="history-summary">${t.history}</summary>
        ${this.#audit.render({
          pending: () => html`<p class="muted">${t.loading}</p>`,
          complete: ({ renderAuditList, entries }) => renderAuditList(form, entries),
          error: (error) => html`<p part="alert" role="alert">${describeError(error, t).message}</p>`,
        })}
      </details>`;
  }

  #handleToggle(event: Event) {
    this.open = (event.currentTarget as HTMLDetailsElement).open;
  }
}
