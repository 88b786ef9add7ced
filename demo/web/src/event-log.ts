import {
  SmtpSettingsChangeEvent,
  type SmtpSettingsElement,
  SmtpSettingsLoadEvent,
  SmtpSettingsSaveEvent,
  SmtpSettingsTestEvent,
} from '@smtp-settings/widget';
import { html, render } from 'lit';
import type { PageText } from './i18n/page-en.js';
import { pageLocale, pageText, withPageText } from './page-language.js';

/** The events `<smtp-settings>` fires; the log shows each one with a one-line summary. */
const eventTypes = [
  'smtp-settings-load',
  'smtp-settings-change',
  'smtp-settings-test',
  'smtp-settings-save',
  'smtp-settings-error',
] as const;

type LoggedEvent = GlobalEventHandlersEventMap[(typeof eventTypes)[number]];

interface Entry {
  event: LoggedEvent;
  time: Date;
}

// Enough history to follow a session; the list does not scroll, so it stays short.
const maxEntries = 20;

/** Lists `element`'s events in `list`, newest first; `empty` shows while there are none. */
export function logEvents(element: SmtpSettingsElement, list: HTMLOListElement, empty: HTMLElement): void {
  const entries: Entry[] = [];
  // Entries keep the event rather than its summary, so a language switch can summarize them again.
  const show = (text: PageText) =>
    render(
      entries.map(
        ({ event, time }) => html`<li>
          <time datetime=${time.toISOString()}>${time.toLocaleTimeString(pageLocale())}</time>
          <code class="event-type">${event.type}</code>
          <span>${summarize(event, text)}</span>
        </li>`,
      ),
      list,
    );
  const onEvent = (event: LoggedEvent) => {
    entries.unshift({ event, time: new Date() });
    entries.length = Math.min(entries.length, maxEntries);
    empty.hidden = true;
    show(pageText());
  };
  withPageText(show);
  for (const type of eventTypes) element.addEventListener(type, onEvent);
}

/** Picks the few fields worth showing, rather than printing whole payloads. */
function summarize(event: LoggedEvent, text: PageText): string {
  if (event instanceof SmtpSettingsLoadEvent || event instanceof SmtpSettingsSaveEvent) {
    const { version, settings } = event.detail;
    if (!settings) return text.nothingSavedYet;
    return text.savedVersion(
      version,
      settings.authType === 'basic' ? text.basic : text.oauth(settings.provider),
    );
  }
  if (event instanceof SmtpSettingsChangeEvent)
    return text.fieldChanged(event.detail.field, event.detail.dirty);
  if (event instanceof SmtpSettingsTestEvent) {
    const { ok, stages, error } = event.detail;
    if (ok) return text.testPassed(stages.map((stage) => stage.name).join(', '));
    return text.testFailed(error?.stage, error?.code);
  }
  return text.actionFailed(event.detail.action, event.detail.code, event.detail.message);
}
