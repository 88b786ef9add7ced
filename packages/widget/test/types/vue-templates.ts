// What vue-tsc checks in a template is the `$props` of the tag's entry in `GlobalComponents`: these lines
// stand for `<smtp-settings …>` and `<smtp-delivery-log …>` in an SFC.
import { isCustomElement } from '@smtp-settings/widget/vue';
import type { GlobalComponents } from 'vue';

type TemplateProps<Tag extends keyof GlobalComponents> = InstanceType<GlobalComponents[Tag]>['$props'];

export const compilerOptions = { isCustomElement };

export const settings: TemplateProps<'smtp-settings'> = {
  endpoint: '/api/smtp',
  locale: 'de',
  sendTestTo: 'qa-lead@example.com',
  strings: { save: 'Speichern' },
  // `@smtp-settings-save="…"`
  onSmtpSettingsSave: (event) => {
    const version: number = event.detail.version;
    return version;
  },
  onSmtpSettingsError: (event) => {
    const action: 'load' | 'test' | 'save' | 'oauth' = event.detail.action;
    return action;
  },
};

export const log: TemplateProps<'smtp-delivery-log'> = {
  endpoint: '/api/smtp',
  pageSize: 50,
  onSmtpDeliveryResend: (event) => event.detail.deliveries.length,
};

// @ts-expect-error `:strings="42"`: strings are a partial SmtpSettingsStrings
export const numberStrings: TemplateProps<'smtp-settings'> = { strings: 42 };

// @ts-expect-error `:strings="{ save: 1 }"`: each string is a string
export const wrongString: TemplateProps<'smtp-settings'> = { strings: { save: 1 } };

// @ts-expect-error `:poll-interval="'5s'"`: a number of milliseconds
export const textInterval: TemplateProps<'smtp-settings'> = { pollInterval: '5s' };

export const wrongEvent: TemplateProps<'smtp-settings'> = {
  // @ts-expect-error `@smtp-settings-save` hands over a save event, whose detail has no `code`
  onSmtpSettingsSave: (event) => event.detail.code,
};

// @ts-expect-error `:page-size="'many'"` on the delivery log
export const textPageSize: TemplateProps<'smtp-delivery-log'> = { pageSize: 'many' };
