import type { DeliveryView } from '@smtp-settings/schema';
import { html, type TemplateResult } from 'lit';
import { describeStatus } from './delivery-status.js';
import type { SmtpDeliveryLogStrings } from './strings.js';

/**
 * Renders messages as a table, newest first: when each was handed over, to whom, its subject (a button
 * that opens its detail, marked with `data-id` so focus can return to it) and its status.
 */
export function renderList(
  deliveries: readonly DeliveryView[],
  t: SmtpDeliveryLogStrings,
  formatTime: (iso: string) => string,
  onOpen: (id: string) => void,
): TemplateResult {
  return html`<table part="table">
    <thead>
      <tr>
        <th scope="col">${t.time}</th>
        <th scope="col">${t.recipients}</th>
        <th scope="col">${t.subject}</th>
        <th scope="col">${t.status}</th>
      </tr>
    </thead>
    <tbody>
      ${deliveries.map(
        (delivery) => html`<tr part="row">
          <td><time datetime=${delivery.createdAt}>${formatTime(delivery.createdAt)}</time></td>
          <td class="recipients">${[...delivery.to, ...delivery.cc].join(', ')}</td>
          <td>
            <button type="button" part="open-button" class="link" data-id=${delivery.id} @click=${() => onOpen(delivery.id)}>
              ${delivery.subject || t.noSubject}
            </button>
          </td>
          <td><span part="delivery-status ${delivery.status}" class=${delivery.status}>${describeStatus(delivery, t, formatTime)}</span></td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}
