import '@smtp-settings/widget/define.js';
import '@smtp-settings/widget/delivery-log.js';
import { getInfo } from './demo-api.js';
import { showDevServer } from './dev-server-panel.js';
import { logEvents } from './event-log.js';
import { handleGraphFailureSwitch } from './graph-failure-switch.js';
import { showInbox } from './inbox-panel.js';
import { deliveryLogLocalization, localization } from './language-switch.js';
import { handleNotifyForm } from './notify-form.js';
import { handleOutageSwitch } from './outage-switch.js';
import { applyPageLanguage } from './page-language.js';
import { bindPreference, languagePreference, themePreference } from './preferences.js';
import { renderSiteHeader } from './site-header.js';
import { applyTheme } from './theme-switch.js';

/** The element with this id from `index.html`; a missing one is a bug in the page, so fail loudly. */
function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html has no #${id}`);
  return element as T;
}

const settings = document.querySelector('smtp-settings');
if (!settings) throw new Error('index.html has no <smtp-settings>');
const deliveryLog = document.querySelector('smtp-delivery-log');
if (!deliveryLog) throw new Error('index.html has no <smtp-delivery-log>');

renderSiteHeader();
bindPreference(byId('theme'), themePreference, applyTheme);
bindPreference(byId('language'), languagePreference, (language) => {
  Object.assign(settings, localization(language));
  Object.assign(deliveryLog, deliveryLogLocalization(language));
  applyPageLanguage(language);
});
logEvents(settings, byId('event-log'), byId('event-log-empty'));
handleNotifyForm({
  form: byId('notify'),
  recipient: byId('notify-to'),
  status: byId('notify-status'),
  delivery: byId('notify-delivery'),
});
handleOutageSwitch(byId('outage-switch'), byId('outage-mode'), byId('outage-status'));
// Only the local Microsoft has a local Graph; the dev server panel tells when /demo/info fails.
void getInfo().then(
  ({ oauth }) => {
    if (oauth.mode !== 'local') return;
    byId('graph-failure').hidden = false;
    handleGraphFailureSwitch(
      byId('graph-failure-switch'),
      byId('graph-failure-mode'),
      byId('graph-failure-status'),
    );
  },
  () => {},
);
void showDevServer(byId('dev-server'));
showInbox({
  list: byId('inbox-list'),
  empty: byId('inbox-empty'),
  count: byId('inbox-count'),
  clear: byId('inbox-clear'),
  status: byId('inbox-status'),
  reader: byId('mail-reader'),
  readerContent: byId('reader-content'),
});
