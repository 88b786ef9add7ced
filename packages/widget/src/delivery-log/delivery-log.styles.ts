import { css } from 'lit';
import { baseStyles } from '../theme/base.styles.js';

/** Styles of `<smtp-delivery-log>`, after the shared {@link baseStyles}. */
export const styles = [
  baseStyles,
  css`
    [part~='log'],
    [part~='detail'] {
      display: grid;
      gap: calc(var(--_space) * 2);
    }
    /* The Filter button lines up with the inputs, below their labels. */
    [part~='filters'] {
      align-items: end;
    }
    table {
      width: 100%;
      border-collapse: collapse;
    }
    th {
      text-align: start;
      font-weight: 600;
    }
    th,
    td {
      padding: calc(var(--_space) / 2) var(--_space);
      border-bottom: 1px solid var(--_border);
      vertical-align: top;
      /* Whole words keep a column from shrinking past them ("Sta/tus" on a phone); only addresses,
         one long word each, may break anywhere. */
      overflow-wrap: break-word;
    }
    td.recipients {
      overflow-wrap: anywhere;
    }
    /* On a phone a row reads as a card: each cell on a line of its own, its column's name beside it (a
       name screen readers skip, as they read the column header), the headers there for them alone. */
    @media (max-width: 40em) {
      table,
      tbody,
      tr {
        display: block;
      }
      thead {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip-path: inset(50%);
        white-space: nowrap;
      }
      tr {
        padding: var(--_space) 0;
        border-bottom: 1px solid var(--_border);
      }
      td {
        display: grid;
        grid-template-columns: 7em minmax(0, 1fr);
        gap: var(--_space);
        padding: calc(var(--_space) / 4) 0;
        border: 0;
      }
      td::before {
        content: attr(data-label) / '';
        color: var(--_muted);
      }
    }
    /* The subject opens the detail: a button that reads as the link it acts like. */
    button.link {
      min-height: 0;
      padding: 0;
      border: 0;
      background: none;
      color: var(--_accent);
      text-align: start;
      text-decoration: underline;
    }
    .retrying,
    .held,
    .queued,
    .sending {
      color: var(--_warning);
    }
    .sent {
      color: var(--_success);
    }
    .failed {
      color: var(--_error);
    }
    .discarded {
      color: var(--_muted);
    }
    .subject {
      font-weight: 600;
      font-size: 1.125em;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: calc(var(--_space) / 2) calc(var(--_space) * 2);
      margin: 0;
    }
    dl > div {
      display: contents;
    }
    dt {
      color: var(--_muted);
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    [part~='attempts'] {
      display: grid;
      gap: calc(var(--_space) * 1.5);
      margin: 0;
      padding-inline-start: 1.5em;
    }
    [part~='attempt'] {
      display: grid;
      gap: calc(var(--_space) / 2);
    }
    [part~='attempt'] > p > * + * {
      margin-inline-start: var(--_space);
    }
    [part~='confirm'] {
      display: grid;
      gap: var(--_space);
      padding: var(--_space);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    /* Empty live regions stay in place for screen readers but take no row (and no gap). */
    [part~='alert']:empty,
    [part~='status']:empty,
    [part~='error']:empty {
      position: absolute;
    }
  `,
];
