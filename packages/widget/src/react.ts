/**
 * @module @smtp-settings/widget/react
 * `<SmtpSettings>` for React 18 and 19: the `<smtp-settings>` element with its events as `on…` props.
 *
 * @example
 * ```tsx
 * import { SmtpSettings } from '@smtp-settings/widget/react';
 *
 * <SmtpSettings endpoint="/api/smtp" onSave={() => toast('Mail settings saved')} />
 * ```
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import './define.js';
import type { SmtpSettingsChangeEvent } from './events/smtp-settings-change.js';
import type { SmtpSettingsErrorEvent } from './events/smtp-settings-error.js';
import type { SmtpSettingsInputEvent } from './events/smtp-settings-input.js';
import type { SmtpSettingsLoadEvent } from './events/smtp-settings-load.js';
import type { SmtpSettingsSaveEvent } from './events/smtp-settings-save.js';
import type { SmtpSettingsTestEvent } from './events/smtp-settings-test.js';
import { SmtpSettingsElement } from './smtp-settings/smtp-settings.js';

/** The `<smtp-settings>` element as a React component; `onLoad`, `onInput`, `onChange`, `onTest`, `onSave` and `onError` receive its events. */
export const SmtpSettings = createComponent({
  tagName: 'smtp-settings',
  elementClass: SmtpSettingsElement,
  react: React,
  events: {
    onLoad: 'smtp-settings-load' as EventName<SmtpSettingsLoadEvent>,
    onInput: 'smtp-settings-input' as EventName<SmtpSettingsInputEvent>,
    onChange: 'smtp-settings-change' as EventName<SmtpSettingsChangeEvent>,
    onTest: 'smtp-settings-test' as EventName<SmtpSettingsTestEvent>,
    onSave: 'smtp-settings-save' as EventName<SmtpSettingsSaveEvent>,
    onError: 'smtp-settings-error' as EventName<SmtpSettingsErrorEvent>,
  },
});
