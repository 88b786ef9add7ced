import type { DeliveryAttempt, DeliveryDetailResponse } from '@smtp-settings/schema';
import { html, nothing, type TemplateResult } from 'lit';
import { renderFailure } from '../failure/render-failure.js';
import { describeStatus } from './delivery-status.js';
import type { SmtpDeliveryLogStrings } from './strings.js';
import { wordSpans } from './word-spans.js';

function renderAttempt(
  attempt: DeliveryAttempt,
  t: SmtpDeliveryLogStrings,
  formatTime: (iso: string) => string,
) {
  const { failure } = attempt;
  return html`<li part="attempt">
    <p>
      <strong>${t.attempt(attempt.number)}</strong>
      <time datetime=${attempt.at}>${formatTime(attempt.at)}</time>
      <span class="muted">${t.duration(attempt.durationMs)}</span>
      <span class=${attempt.outcome === 'sent' ? 'ok' : attempt.outcome === 'failed' ? 'failed' : 'warning'}>
        ${t.outcomes[attempt.outcome]}
      </span>
    </p>
    ${
      failure
        ? renderFailure(
            wordSpans(failure, t),
            t,
            failure.stage ? t.failedAt(t.stages[failure.stage]) : t.notDelivered,
          )
        : attempt.response
          ? html`<p>${t.serverReply} <code part="server-reply" lang="en">${attempt.response}</code></p>`
          : nothing
    }
  </li>`;
}

function fact(label: string, value: unknown) {
  return html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
}

/**
 * Renders one message: its subject, status, recipients, times and Message-ID, then `actions`, then each
 * attempt with its outcome and, when it did not deliver, the failure told as Test tells it.
 */
export function renderDetail(
  { delivery, attempts }: DeliveryDetailResponse,
  t: SmtpDeliveryLogStrings,
  formatTime: (iso: string) => string,
  actions: unknown,
): TemplateResult {
  const time = (iso: string) => html`<time datetime=${iso}>${formatTime(iso)}</time>`;
  return html`<article part="detail" aria-labelledby="detail-subject">
    <p id="detail-subject" class="subject">${delivery.subject || t.noSubject}</p>
    <dl part="facts">
      ${fact(t.status, html`<span part="delivery-status ${delivery.status}" class=${delivery.status}>${describeStatus(delivery, t, formatTime)}</span>`)}
      ${fact(t.to, delivery.to.join(', '))}
      ${delivery.cc.length > 0 ? fact(t.cc, delivery.cc.join(', ')) : nothing}
      ${delivery.bcc.length > 0 ? fact(t.bcc, delivery.bcc.join(', ')) : nothing}
      ${fact(t.createdAt, time(delivery.createdAt))}
      ${delivery.nextAttemptAt ? fact(t.nextAttemptAt, time(delivery.nextAttemptAt)) : nothing}
      ${delivery.sentAt ? fact(t.sentAt, time(delivery.sentAt)) : nothing}
      ${fact(t.messageId, html`<code>${delivery.messageId}</code>`)}
    </dl>
    ${actions}
    ${
      attempts.length > 0
        ? html`<ol part="attempts" aria-label=${t.attempts}>
            ${attempts.map((attempt) => renderAttempt(attempt, t, formatTime))}
          </ol>`
        : html`<p class="muted">${t.noAttempts}</p>`
    }
  </article>`;
}
