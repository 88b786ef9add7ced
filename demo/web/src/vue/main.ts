import '@smtp-settings/widget/define.js';
import type { SmtpSettingsSaveEvent } from '@smtp-settings/widget';
import { createApp, defineComponent, h, ref } from 'vue';
import { savedLocalization } from '../language-switch.js';
import { renderSiteHeader } from '../site-header.js';
import { applySavedTheme } from '../theme-switch.js';

const { strings, locale } = savedLocalization();

/** The element in a Vue render function: Vue sets `endpoint` and `strings` as properties and listens to `smtp-settings-save`. */
const App = defineComponent(() => {
  const savedVersion = ref<number>();
  return () =>
    h('section', { class: 'card', 'aria-labelledby': 'page-heading' }, [
      h('h1', { id: 'page-heading' }, 'Outgoing mail in Vue'),
      h('p', { class: 'lead' }, [
        'This page renders ',
        h('code', '<smtp-settings>'),
        ' from a Vue 3 render function: Vue binds ',
        h('code', 'endpoint'),
        ' and ',
        h('code', 'strings'),
        ' as properties and listens to ',
        h('code', 'smtp-settings-save'),
        " like any DOM event. Theme and language follow the main page's choice.",
      ]),
      h(
        'p',
        { class: 'framework-status', role: 'status' },
        savedVersion.value === undefined
          ? 'Not saved on this page yet'
          : `Last saved version ${savedVersion.value}`,
      ),
      h('smtp-settings', {
        endpoint: '/api/smtp',
        strings,
        locale,
        onSmtpSettingsSave: (event: SmtpSettingsSaveEvent) => {
          savedVersion.value = event.detail.version;
        },
      }),
      h('p', [h('a', { href: '/' }, 'Back to the main demo')]),
    ]);
});

applySavedTheme();
renderSiteHeader();
createApp(App).mount('#app');
