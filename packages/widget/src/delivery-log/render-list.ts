import type { DeliveryView } from '@smtp-settings/schema';
import { html, type TemplateResult } from 'lit';
import { describeStatus } from './delivery-status.js';
import type { SmtpDeliveryLogStrings } from './strings.js';

/**
 * Renders messages as a table, newest first: when each was handed over, to whom, its subject (a button
 * that opens its detail, marked with `data-id` so focus can return to it) and its status. Each cell
 * carries its column's name in `data-label`, which a narrow screen shows above it, row by row as a card.
 */
export function renderList(
  deliveries: readonly DeliveryView[],
  t: SmtpDeliveryLogStrings,
  formatTime: (iso: string) => string,
  onOpen: (id: string) => void,
): TemplateResult {
  // The roles restate the elements' own: a card layout's `display: block` drops them in some browsers.
  return html`<table part="table" role="table">
    <thead role="rowgroup">
      <tr role="row">
        <th scope="col" role="columnheader">${t.time}</th>
        <th scope="col" role="columnheader">${t.recipients}</th>
        <th scope="col" role="columnheader">${t.subject}</th>
        <th scope="col" role="columnheader">${t.status}</th>
      </tr>
    </thead>
    <tbody role="rowgroup">
      ${deliveries.map(
        (delivery) => html`<tr part="row" role="row">
          <td role="cell" data-label=${t.time}><time datetime=${delivery.createdAt}>${formatTime(delivery.createdAt)}</time></td>
          <td role="cell" data-label=${t.recipients} class="recipients">${[...delivery.to, ...delivery.cc].join(', ')}</td>
          <td role="cell" data-label=${t.subject}>
            <button type="button" part="open-button" class="link" data-id=${delivery.id} @click=${() => onOpen(delivery.id)}>
              ${delivery.subject || t.noSubject}
            </button>
          </td>
          <td role="cell" data-label=${t.status}><span part="delivery-status ${delivery.status}" class=${delivery.status}>${describeStatus(delivery, t, formatTime)}</span></td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}
