// The widget's types from a CommonJS program, such as an app that renders pages on its server.
import { createClient, type SmtpSettingsElement, type SmtpSettingsSaveEvent } from '@smtp-settings/widget';
import type {} from '@smtp-settings/widget/define.js';
import type {} from '@smtp-settings/widget/delivery-log.js';
import type { SmtpSettings } from '@smtp-settings/widget/react';
import type { SmtpDeliveryLog } from '@smtp-settings/widget/react/delivery-log';

export const client = createClient('/api/smtp');

export function watch(element: SmtpSettingsElement): void {
  element.endpoint = '/api/smtp';
  // @ts-expect-error the endpoint is a string
  element.endpoint = 25;
  element.requestUpdate();
  element.addEventListener('smtp-settings-save', (event: SmtpSettingsSaveEvent) => {
    const version: number = event.detail.version;
    return version;
  });
}

export const found: SmtpSettingsElement | null = document.querySelector('smtp-settings');
export type Components = [typeof SmtpSettings, typeof SmtpDeliveryLog];
