import type { TestResponse, TestStage } from '@smtp-settings/schema';
import { html, nothing } from 'lit';
import type { SmtpSettingsStrings } from '../localize/strings.js';

function renderStages(stages: readonly TestStage[], t: SmtpSettingsStrings) {
  return html`<ol class="stages">
    ${stages.map((stage) => {
      // A skipped stage passed without checking anything (TLS with security None): not shown as a success.
      const [part, status] = stage.skipped
        ? ['stage-skipped', t.stageSkipped]
        : stage.ok
          ? ['stage-ok', t.stageOk]
          : ['stage-failed', t.stageFailed];
      return html`<li part="stage ${part}" class=${stage.skipped ? 'skipped' : stage.ok ? 'ok' : 'failed'}>
        <strong>${t.stages[stage.name]}</strong>
        <span>${status}</span>
        <span class="muted">${t.milliseconds(stage.ms)}</span>
        <span class="muted">${stage.detail}</span>
      </li>`;
    })}
  </ol>`;
}

/** Renders the stages a running connection test has finished so far. */
export function renderTestProgress(stages: readonly TestStage[], t: SmtpSettingsStrings) {
  return html`<p>${t.testing}</p>
    ${renderStages(stages, t)}`;
}

/**
 * Renders a finished connection test: its stages, then the failure (reply and hint) or success, then
 * warnings; `outdated` when the form's values changed after the test.
 */
export function renderTestResult(result: TestResponse, t: SmtpSettingsStrings, outdated: boolean) {
  const { error } = result;
  return html`${outdated ? html`<p part="hint">${t.testOutdated}</p>` : nothing}
    ${renderStages(result.stages, t)}
    ${
      error
        ? html`<p class="failed"><strong>${t.testFailed(t.stages[error.stage])}</strong>
            <code part="error-code">${error.code}</code> ${error.message}</p>
          ${
            error.serverReply
              ? html`<p>${t.serverReply} <code part="server-reply">${error.serverReply}</code></p>`
              : nothing
          }
          <p>${t.hint} ${error.hint}</p>`
        : html`<p class="ok"><strong>${result.ok ? t.testPassed : nothing}</strong></p>`
    }
    ${
      result.warnings.length > 0
        ? html`<ul part="warning" class="warning">
          ${result.warnings.map((warning) => html`<li>${warning}</li>`)}
        </ul>`
        : nothing
    }`;
}
