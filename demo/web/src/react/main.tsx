import { SmtpSettings } from '@smtp-settings/widget/react';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { savedLocalization } from '../language-switch.js';
import { renderSiteHeader } from '../site-header.js';
import { applySavedTheme } from '../theme-switch.js';

const { strings, locale } = savedLocalization();

/** The element through its React wrapper: props become its properties, `on…` props receive its events. */
function App() {
  const [status, setStatus] = useState('Loading the saved settings…');
  return (
    <section className="card" aria-labelledby="page-heading">
      <h1 id="page-heading">Outgoing mail in React</h1>
      <p className="lead">
        This page renders <code>&lt;SmtpSettings&gt;</code> from <code>@smtp-settings/widget/react</code>.
        Props set the element's properties (<code>endpoint</code>, <code>strings</code>); <code>onLoad</code>,{' '}
        <code>onSave</code> and <code>onError</code> receive its typed events. Theme and language follow the
        main page's choice.
      </p>
      <p className="framework-status" role="status">
        {status}
      </p>
      <SmtpSettings
        endpoint="/api/smtp"
        strings={strings}
        locale={locale}
        onLoad={(event) =>
          setStatus(event.detail.version ? `Loaded version ${event.detail.version}` : 'Nothing saved yet')
        }
        onSave={(event) => setStatus(`Last saved version ${event.detail.version}`)}
        onError={(event) => setStatus(`The ${event.detail.action} failed: ${event.detail.message}`)}
      />
      <p>
        <a href="/">Back to the main demo</a>
      </p>
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
  </StrictMode>,
);
