import {
  type SmtpErrorCode,
  type SmtpSettingsDraftInput,
  TEST_STAGES,
  type TestFailure,
  type TestResponse,
  type TestStage,
  type TestStageName,
} from '@smtp-settings/schema';
import { html, nothing, type TemplateResult } from 'lit';
import { renderFailure } from '../failure/render-failure.js';
import { renderWarnings } from '../form/controls.js';
import { renderServerText } from '../localize/server-text.js';
import type { SmtpSettingsStrings } from '../localize/strings.js';

// Where the fix of a failure starts, when one field holds it.
const BLAMED_FIELDS: Partial<Record<SmtpErrorCode, string>> = {
  DNS_NOT_FOUND: 'host',
  HOST_NOT_ALLOWED: 'host',
  TOKEN_REVOKED: 'refreshToken',
  SENDER_REJECTED: 'fromEmail',
  MAILBOX_NOT_FOUND: 'fromEmail',
  MAILBOX_NOT_LICENSED: 'fromEmail',
  RECIPIENT_REJECTED: 'sendTo',
};

// A test through Microsoft Graph runs these stages; one over SMTP the others, and `send`.
const GRAPH_STAGES: readonly TestStageName[] = ['token', 'mailbox', 'send'];

/** The field of `draft` (or the test recipient, `sendTo`) that a failed test blames, if any. */
export function blamedField({ code }: TestFailure, draft: SmtpSettingsDraftInput): string | undefined {
  // Basic signs in with the password; OAuth with the token (a refused XOAUTH2 account or token), which
  // Application sign-in has not: its draft holds no refresh token to blame.
  const field =
    code === 'AUTH_FAILED' ? (draft.authType === 'basic' ? 'password' : 'refreshToken') : BLAMED_FIELDS[code];
  return field && (field === 'sendTo' || field in draft) ? field : undefined;
}

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
          // The failure's message is in the verdict above: the failed stage need not say it too.
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
 * Renders the stages a running connection test of `draft` has finished so far and the one it is at,
 * which can take a while (a server slow to greet); `sends` when the test ends by sending a message.
 */
export function renderTestProgress(
  stages: readonly TestStage[],
  t: SmtpSettingsStrings,
  sends: boolean,
  draft: SmtpSettingsDraftInput,
): TemplateResult {
  const graph =
    draft.authType === 'oauth' && draft.provider === 'microsoft' && draft.sendingMethod === 'graph';
  const order = graph
    ? GRAPH_STAGES
    : TEST_STAGES.filter((name) => name === 'send' || !GRAPH_STAGES.includes(name));
  const current = order.find((name) => !stages.some((stage) => stage.name === name));
  // After a failed stage the test is over; only its result is still on its way.
  const running =
    current && (current !== 'send' || sends) && stages.every((stage) => stage.ok)
      ? html`<li part="stage stage-running" class="neutral"><strong>${t.stages[current]}</strong> ${t.stageRunning}</li>`
      : nothing;
  return html`<p>${t.testing}</p>
    ${renderStages(stages, t, { running })}`;
}

/**
 * Renders a finished connection test: the verdict first (failure with its reply and hint, or success),
 * then its stages and warnings; `outdated` when the form's values changed after the test: an "Outdated"
 * badge leads, and the panel's `outdated` class takes the green and red away.
 */
export function renderTestResult(
  result: TestResponse,
  t: SmtpSettingsStrings,
  outdated: boolean,
): TemplateResult {
  const { error } = result;
  return html`${outdated ? html`<p><span part="outdated">${t.testOutdated}</span></p>` : nothing}
    ${
      error
        ? renderFailure(error, t, t.testFailed(t.stages[error.stage]), { verdict: true })
        : html`<p part="verdict" tabindex="-1" class="ok"><strong>${result.ok ? t.testPassed : nothing}</strong></p>`
    }
    ${renderStages(result.stages, t, { failure: error?.message })}
    ${renderWarnings(t, result.warnings)}`;
}
