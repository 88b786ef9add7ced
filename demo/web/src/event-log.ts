import {
  SmtpSettingsChangeEvent,
  type SmtpSettingsElement,
  SmtpSettingsLoadEvent,
  SmtpSettingsSaveEvent,
  SmtpSettingsTestEvent,
} from '@smtp-settings/widget';
import { html, render } from 'lit';

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
  type: string;
  summary: string;
  time: Date;
}

// Enough history to follow a session; the list does not scroll, so it stays short.
const maxEntries = 20;

/** Lists `element`'s events in `list`, newest first; `empty` shows while there are none. */
export function logEvents(element: SmtpSettingsElement, list: HTMLOListElement, empty: HTMLElement): void {
  const entries: Entry[] = [];
  const onEvent = (event: LoggedEvent) => {
    entries.unshift({ type: event.type, summary: summarize(event), time: new Date() });
    entries.length = Math.min(entries.length, maxEntries);
    empty.hidden = true;
    render(
      entries.map(
        ({ type, summary, time }) => html`<li>
          <time datetime=${time.toISOString()}>${time.toLocaleTimeString()}</time>
          <code class="event-type">${type}</code>
          <span>${summary}</span>
        </li>`,
      ),
      list,
    );
  };
  for (const type of eventTypes) element.addEventListener(type, onEvent);
}

/** Picks the few fields worth showing, rather than printing whole payloads. */
function summarize(event: LoggedEvent): string {
  if (event instanceof SmtpSettingsLoadEvent || event instanceof SmtpSettingsSaveEvent) {
    const { version, settings } = event.detail;
    if (!settings) return 'nothing saved yet';
    const auth = settings.authType === 'basic' ? 'Basic' : `OAuth (${settings.provider})`;
    return `version ${version}, ${auth} authentication`;
  }
  if (event instanceof SmtpSettingsChangeEvent) {
    const { field, dirty } = event.detail;
    return `${field} changed, ${dirty ? 'unsaved changes' : 'same as saved'}`;
  }
  if (event instanceof SmtpSettingsTestEvent) {
    const { ok, stages, error } = event.detail;
    if (ok) return `passed: ${stages.map((stage) => stage.name).join(', ')}`;
    return `failed at ${error?.stage ?? 'an unknown stage'}: ${error?.code ?? 'no code'}`;
  }
  return `${event.detail.action} failed: ${event.detail.code}, ${event.detail.message}`;
}
