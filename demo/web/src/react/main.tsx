import { SmtpSettings } from '@smtp-settings/widget/react';
import { SmtpDeliveryLog } from '@smtp-settings/widget/react/delivery-log';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { deliveryLogLocalization, savedLocalization } from '../language-switch.js';
import { applySavedPageLanguage, pageLocale, pageText } from '../page-language.js';
import { richParts } from '../rich-text.js';
import { renderSiteHeader } from '../site-header.js';
import { applySavedTheme } from '../theme-switch.js';

const { strings, locale } = savedLocalization();
applySavedPageLanguage();
const text = pageText();
const log = deliveryLogLocalization(pageLocale());

/** The element through its React wrapper: props become its properties, `on…` props receive its events. */
function App() {
  const [status, setStatus] = useState(text.loadingSettings);
  return (
    <section className="card" aria-labelledby="page-heading">
      <h1 id="page-heading">{text.reactHeading}</h1>
      <p className="lead">
        {richParts(text.reactLead).map(({ mark: Mark, text: part }, index) =>
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of a fixed text never move, so their position is a stable key
          Mark ? <Mark key={index}>{part}</Mark> : part,
        )}
      </p>
      <p className="framework-status" role="status">
        {status}
      </p>
      <SmtpSettings
        endpoint="/api/smtp"
        strings={strings}
        locale={locale}
        onLoad={(event) =>
          setStatus(event.detail.version ? text.loadedVersion(event.detail.version) : text.nothingSaved)
        }
        onSave={(event) => setStatus(text.lastSavedVersion(event.detail.version))}
        onError={(event) => setStatus(text.frameworkActionFailed(event.detail.action, event.detail.message))}
      />
      <p>
        <a href="/">{text.backToMain}</a>
      </p>
    </section>
  );
}

/** The delivery log through its own React wrapper, a separate entry, so a page with only the form never loads it. */
function DeliveryLog() {
  return (
    <section className="card" aria-labelledby="delivery-log-heading">
      <h2 id="delivery-log-heading">{text.deliveryLogHeading}</h2>
      <SmtpDeliveryLog endpoint="/api/smtp" strings={log.strings} locale={log.locale} />
    </section>
  );
}

applySavedTheme();
renderSiteHeader();
const root = document.getElementById('app');
if (!root) throw new Error('react.html has no #app');
createRoot(root).render(
  <StrictMode>
    <App />
    <DeliveryLog />
  </StrictMode>,
);
