import { css } from 'lit';

/**
 * What every element of the package shares: public `--smtp-settings-*` properties over internal `--_*`
 * tokens (light and dark), and the look of inputs, buttons, hints, errors and status colours, so a host's
 * theme reaches the settings form and the delivery log alike.
 */
export const baseStyles = css`
  /* Each default as light-dark(light, dark): an element follows the color-scheme it inherits from the
     page (dark only where the page allows it and the system prefers it), or the one set on it. */
  :host {
    --_text: var(--smtp-settings-text-color, light-dark(#1f2328, #e6edf3));
    --_muted: var(--smtp-settings-muted-color, light-dark(#57606a, #9da7b3));
    --_background: var(--smtp-settings-background, light-dark(#ffffff, #0d1117));
    --_border: var(--smtp-settings-border-color, light-dark(#8c959f, #6e7681));
    --_accent: var(--smtp-settings-accent-color, light-dark(#0b57d0, #a8c7fa));
    --_on-accent: var(--smtp-settings-on-accent-color, light-dark(#ffffff, #062e6f));
    --_error: var(--smtp-settings-error-color, light-dark(#b3261e, #ffb4ab));
    --_success: var(--smtp-settings-success-color, light-dark(#1a7f37, #7ee2a8));
    --_warning: var(--smtp-settings-warning-color, light-dark(#8a4600, #f2cc60));
    --_radius: var(--smtp-settings-radius, 6px);
    --_space: var(--smtp-settings-spacing, 8px);
    display: block;
    /* Painting its own surface keeps the text readable whatever the page behind it. */
    background: var(--_background);
    color: var(--_text);
    font-family: var(--smtp-settings-font-family, inherit);
  }
  :host([hidden]) {
    display: none;
  }
  legend,
  label {
    font-weight: 600;
  }
  .field {
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }
  input,
  select,
  button {
    font: inherit;
    color: inherit;
  }
  /* The theme's accent, the size of the text and centred on it, rather than the browser's blue 13 px. */
  input[type='checkbox'],
  input[type='radio'] {
    width: 1em;
    height: 1em;
    margin: 0;
    accent-color: var(--_accent);
  }
  input:not([type='checkbox'], [type='radio']),
  select {
    box-sizing: border-box;
    min-height: 2.25em;
    padding: calc(var(--_space) / 2) var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_background);
  }
  button {
    min-height: 2.25em;
    padding: calc(var(--_space) / 2) calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_background);
    cursor: pointer;
  }
  button.primary {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_on-accent);
  }
  /* Faded by mixing the colours rather than with opacity, which would fade the focus ring too. */
  button:disabled,
  button[aria-disabled='true'] {
    border-color: color-mix(in srgb, var(--_border) 60%, var(--_background));
    color: color-mix(in srgb, currentColor 60%, var(--_background));
    cursor: not-allowed;
  }
  button.primary:disabled,
  button.primary[aria-disabled='true'] {
    border-color: transparent;
    background: color-mix(in srgb, var(--_accent) 60%, var(--_background));
    color: var(--_on-accent);
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  [part~='hint'],
  .muted {
    color: var(--_muted);
    font-size: 0.875em;
  }
  [part~='error'],
  [part~='alert'],
  .failed {
    color: var(--_error);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .warning {
    color: var(--_warning);
  }
  .ok {
    color: var(--_success);
  }
  .neutral {
    color: var(--_muted);
  }
  code {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  p,
  ul {
    margin: 0;
  }
`;
