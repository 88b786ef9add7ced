import { css } from 'lit';
import { baseStyles } from '../theme/base.styles.js';

/** Styles of `<smtp-settings>`, after the shared {@link baseStyles}. */
export const styles = [
  baseStyles,
  css`
  form {
    display: grid;
    gap: calc(var(--_space) * 2);
  }
  /* The parts only group fields: their fields stay items of the form's grid, spaced like the others. */
  smtp-settings-basic,
  smtp-settings-oauth,
  smtp-settings-secret,
  smtp-settings-delivery-status,
  smtp-settings-history {
    display: contents;
  }
  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
  }
  /* Text inputs share a row with their buttons; a checkbox keeps its own size, next to its label. */
  .row > input:not([type='checkbox']) {
    flex: 1 1 10em;
    /* An input's own minimum width would push its buttons onto a line of their own. */
    min-width: 0;
  }
  /* A radio and its text wrap as one, so on a narrow screen no word of a choice lands under another. */
  .choice {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--_space) / 2);
    margin-inline-end: calc(var(--_space) * 2);
    font-weight: normal;
  }
  input[readonly] {
    border-style: dashed;
  }
  input[aria-invalid='true'],
  select[aria-invalid='true'] {
    border-color: var(--_error);
  }
  /* The size of the reason beside it; weight, not colour alone, sets it apart. */
  [part~='dirty'] {
    font-size: 0.875em;
    font-weight: 600;
  }
  /* Empty live regions stay in place for screen readers but take no row (and no gap) of the form. */
  [part~='alert']:empty,
  [part~='status']:empty,
  [part~='connection']:empty {
    position: absolute;
  }
  [part~='held-banner'],
  [part~='guidance'] {
    padding: var(--_space);
    border: 1px solid var(--_warning);
    border-radius: var(--_radius);
  }
  summary {
    cursor: pointer;
    font-weight: 600;
  }
  [part~='history-list'],
  [part~='guidance'] ol {
    margin: var(--_space) 0 0;
    padding-inline-start: 1.5em;
  }
  /* An outdated result is neither green nor red: what it said no longer holds. */
  .outdated .ok,
  .outdated .failed {
    color: var(--_muted);
  }
  [part~='outdated'] {
    padding: 0 var(--_space);
    border: 1px solid;
    border-radius: var(--_radius);
    font-weight: 600;
  }
  [part~='test-result'] {
    display: grid;
    gap: var(--_space);
  }
  .stages {
    margin: 0;
    padding-inline-start: 1.5em;
  }
  .stages li > * + * {
    margin-inline-start: var(--_space);
  }
`,
];
