import { TEST_STAGES, type TestResponse, type TestStage } from '@smtp-settings/schema';
import { html, nothing, type TemplateResult } from 'lit';
import { renderWarnings } from '../form/controls.js';
import { renderServerText } from '../localize/server-text.js';
import type { SmtpSettingsStrings } from '../localize/strings.js';

function renderStages(
  stages: readonly TestStage[],
  t: SmtpSettingsStrings,
  { running = nothing as unknown, failure = '' } = {},
) {
  return html`<ol class="stages">
    ${stages.map((stage) => {
      // A skipped stage passed without checking anything (TLS with security None): not shown as a success.
      const [part, status] = stage.skipped
        ? ['stage-skipped', t.stageSkipped]
        : stage.ok
          ? ['stage-ok', t.stageOk]
          : ['stage-failed', t.stageFailed];
      return html`<li part="stage ${part}" class=${stage.skipped ? 'neutral' : stage.ok ? 'ok' : 'failed'}>
        <strong>${t.stages[stage.name]}</strong>
        <span>${status}</span>
        <span class="muted">${t.milliseconds(stage.ms)}</span>
        ${
          // The failure's message follows in the summary below: the failed stage need not say it too.
          stage.ok || stage.detail !== failure
            ? html`<span class="muted">${renderServerText(t, {
                text: stage.detail,
                key: stage.detailKey,
                params: stage.params,
              })}</span>`
            : nothing
        }
      </li>`;
    })}
    ${running}
  </ol>`;
}

/**
 * Renders the stages a running connection test has finished so far and the one it is at, which can
 * take a while (a server slow to greet); `sends` when the test ends by sending a message.
 */
export function renderTestProgress(
  stages: readonly TestStage[],
  t: SmtpSettingsStrings,
  sends: boolean,
): TemplateResult {
  const current = TEST_STAGES.find((name) => !stages.some((stage) => stage.name === name));
  // After a failed stage the test is over; only its result is still on its way.
  const running =
    current && (current !== 'send' || sends) && stages.every((stage) => stage.ok)
      ? html`<li part="stage stage-running" class="neutral"><strong>${t.stages[current]}</strong> ${t.stageRunning}</li>`
      : nothing;
  return html`<p>${t.testing}</p>
    ${renderStages(stages, t, { running })}`;
}

/**
 * Renders a finished connection test: its stages, then the failure (reply and hint) or success, then
 * warnings; `outdated` when the form's values changed after the test.
 */
export function renderTestResult(
  result: TestResponse,
  t: SmtpSettingsStrings,
  outdated: boolean,
): TemplateResult {
  const { error } = result;
  return html`${outdated ? html`<p part="hint">${t.testOutdated}</p>` : nothing}
    ${renderStages(result.stages, t, { failure: error?.message })}
    ${
      error
        ? html`<p class="failed"><strong>${t.testFailed(t.stages[error.stage])}</strong>
            <code part="error-code">${error.code}</code>
            ${renderServerText(t, { text: error.message, key: error.messageKey, params: error.params })}</p>
          ${
            error.serverReply
              ? html`<p>${t.serverReply} <code part="server-reply" lang="en">${error.serverReply}</code></p>`
              : nothing
          }
          <p>${t.hint} ${renderServerText(t, { text: error.hint, key: error.hintKey, params: error.params })}</p>`
        : html`<p class="ok"><strong>${result.ok ? t.testPassed : nothing}</strong></p>`
    }
    ${renderWarnings(t, result.warnings)}`;
}
