// React 19 JSX with the package's `IntrinsicElements` entries: props and `on<event>` listeners are checked.
import '@smtp-settings/widget/define.js';
import type {} from '@smtp-settings/widget/react/jsx';

export const settings = (
  <smtp-settings
    endpoint="/api/smtp"
    locale="de"
    strings={{ save: 'Speichern' }}
    className="card"
    onsmtp-settings-save={(event) => {
      const version: number = event.detail.version;
      return version;
    }}
  />
);

export const log = (
  <smtp-delivery-log
    endpoint="/api/smtp"
    pageSize={50}
    onsmtp-delivery-discard={(event) => event.detail.delivery.id}
  />
);

// @ts-expect-error strings={42}: strings are a partial SmtpSettingsStrings
export const numberStrings = <smtp-settings strings={42} />;

// @ts-expect-error pollInterval="5s": a number of milliseconds
export const textInterval = <smtp-settings pollInterval="5s" />;

// @ts-expect-error the save event's detail has no `code`
export const wrongEvent = <smtp-settings onsmtp-settings-save={(event) => event.detail.code} />;

// @ts-expect-error pageSize="many" on the delivery log
export const textPageSize = <smtp-delivery-log pageSize="many" />;
