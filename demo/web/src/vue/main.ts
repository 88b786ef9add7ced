import '@smtp-settings/widget/define.js';
import '@smtp-settings/widget/delivery-log.js';
import type {
  SmtpSettingsErrorEvent,
  SmtpSettingsLoadEvent,
  SmtpSettingsSaveEvent,
} from '@smtp-settings/widget';
import { createApp, defineComponent, h, ref } from 'vue';
import { deliveryLogLocalization, savedLocalization } from '../language-switch.js';
import { applySavedPageLanguage, pageLocale, pageText } from '../page-language.js';
import { richParts } from '../rich-text.js';
import { renderSiteHeader } from '../site-header.js';
import { applySavedTheme } from '../theme-switch.js';

const { strings, locale } = savedLocalization();
applySavedPageLanguage();
const text = pageText();
const log = deliveryLogLocalization(pageLocale());

/**
 * The elements in a Vue render function: Vue sets `endpoint` and `strings` as properties and listens to
 * `smtp-settings-load`, `smtp-settings-save` and `smtp-settings-error`; the delivery log follows the form.
 */
const App = defineComponent(() => {
  const status = ref(text.loadingSettings);
  return () => [
    h('section', { class: 'card', 'aria-labelledby': 'page-heading' }, [
      h('h1', { id: 'page-heading' }, text.vueHeading),
      h(
        'p',
        { class: 'lead' },
        richParts(text.vueLead).map(({ mark, text: part }) => (mark ? h(mark, part) : part)),
      ),
      h('p', { class: 'framework-status', role: 'status' }, status.value),
      h('smtp-settings', {
        endpoint: '/api/smtp',
        strings,
        locale,
        onSmtpSettingsLoad: ({ detail }: SmtpSettingsLoadEvent) => {
          status.value = detail.version ? text.loadedVersion(detail.version) : text.nothingSaved;
        },
        onSmtpSettingsSave: ({ detail }: SmtpSettingsSaveEvent) => {
          status.value = text.lastSavedVersion(detail.version);
        },
        onSmtpSettingsError: ({ detail }: SmtpSettingsErrorEvent) => {
          status.value = text.frameworkActionFailed(detail.action, detail.message);
        },
      }),
      h('p', [h('a', { href: '/' }, text.backToMain)]),
    ]),
    h('section', { class: 'card', 'aria-labelledby': 'delivery-log-heading' }, [
      h('h2', { id: 'delivery-log-heading' }, text.deliveryLogHeading),
      h('smtp-delivery-log', { endpoint: '/api/smtp', strings: log.strings, locale: log.locale }),
    ]),
  ];
});

applySavedTheme();
renderSiteHeader();
createApp(App).mount('#app');
