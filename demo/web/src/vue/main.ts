import '@smtp-settings/widget/define.js';
import type { SmtpSettingsSaveEvent } from '@smtp-settings/widget';
import { createApp, defineComponent, h, ref } from 'vue';
import { savedLocalization } from '../language-switch.js';
import { applySavedPageLanguage, pageText } from '../page-language.js';
import { richParts } from '../rich-text.js';
import { renderSiteHeader } from '../site-header.js';
import { applySavedTheme } from '../theme-switch.js';

const { strings, locale } = savedLocalization();
applySavedPageLanguage();
const text = pageText();

/** The element in a Vue render function: Vue sets `endpoint` and `strings` as properties and listens to `smtp-settings-save`. */
const App = defineComponent(() => {
  const savedVersion = ref<number>();
  return () =>
    h('section', { class: 'card', 'aria-labelledby': 'page-heading' }, [
      h('h1', { id: 'page-heading' }, text.vueHeading),
      h(
        'p',
        { class: 'lead' },
        richParts(text.vueLead).map(({ mark, text: part }) => (mark ? h(mark, part) : part)),
      ),
      h(
        'p',
        { class: 'framework-status', role: 'status' },
        savedVersion.value === undefined ? text.notSavedHere : text.lastSavedVersion(savedVersion.value),
      ),
      h('smtp-settings', {
        endpoint: '/api/smtp',
        strings,
        locale,
        onSmtpSettingsSave: (event: SmtpSettingsSaveEvent) => {
          savedVersion.value = event.detail.version;
        },
      }),
      h('p', [h('a', { href: '/' }, text.backToMain)]),
    ]);
});

applySavedTheme();
renderSiteHeader();
createApp(App).mount('#app');
