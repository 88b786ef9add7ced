import { expect, waitUntil } from '@open-wc/testing';
import type { DeliveryFailure } from '@smtp-settings/schema';
import {
  enqueue,
  forgetSecretKey,
  refuseRecipients,
  resetAdapter,
  setFeatureEnabled,
} from '../../test/adapter-fixture.js';
import {
  button,
  client,
  mount,
  open,
  rows,
  saveSettings,
  settled,
  shadow,
  text,
} from '../../test/log-harness.js';
import { getDelivery } from '../api/deliveries.js';
import '../delivery-log.js';
import type { SmtpDeliveryLogElement } from './delivery-log.js';
import type { SmtpDeliveryLogStrings } from './strings.js';

/** German for the texts these tests meet, as a page in German passes them (the demo's are complete). */
const GERMAN: Partial<SmtpDeliveryLogStrings> = {
  heldBecause: (reason) => `Angehalten: ${reason}`,
  hint: 'Was tun:',
  failedAt: (stage) => `Fehlgeschlagen bei ${stage}.`,
  notDelivered: 'Nicht zugestellt.',
  timeSpan: (amount, unit) =>
    new Intl.NumberFormat('de', { style: 'unit', unit, unitDisplay: 'long' }).format(amount),
  serverTexts: {
    'failure.notConfigured':
      'Für den Mandanten „{tenant}“ sind keine SMTP-Einstellungen gespeichert: Ein Administrator muss den E-Mail-Versand erst einrichten.',
    'hint.notConfigured':
      'Öffnen Sie die E-Mail-Einstellungen, geben Sie den Server für ausgehende E-Mails ein, testen und speichern Sie.',
    'failure.secretUnreadable':
      'Der gespeicherte Wert von {field} lässt sich mit den Schlüsseln dieses Servers nicht entschlüsseln.',
    'hint.secretUnreadable':
      'Fügen Sie den Schlüssel, mit dem er versiegelt wurde, zu secretKey hinzu, oder geben Sie ihn erneut ein und speichern Sie.',
    'failure.expiredAfter': 'Nicht innerhalb von {span} zugestellt; der letzte Versuch scheiterte: {last}',
    'failure.temporary': 'Der Server meldete einen vorübergehenden Fehler ({code}).',
    'hint.expired': 'Beheben Sie, was die Versuche zeigen, und senden Sie die Nachricht dann erneut.',
    'failure.partiallyRefused':
      'Der Server hat {refused} von {total} Empfängern abgelehnt ({recipients}); die anderen haben die Nachricht erhalten.',
    'hint.RECIPIENT_REJECTED': 'Der Server hat die Empfängeradresse abgelehnt; prüfen Sie sie.',
    'field.recipientInvalid': 'Der Empfänger muss eine einzelne E-Mail-Adresse sein',
    'error.notFound': 'Nicht gefunden',
  },
};

/** What the attempt numbered `number` of the open message says, its white space collapsed. */
function attempt(el: SmtpDeliveryLogElement, number: number): string {
  const item = shadow(el).querySelectorAll('[part~="attempt"]')[number - 1];
  return (item?.textContent ?? '').replace(/\s+/g, ' ');
}

/** The failure the adapter sent for the last attempt of message `id`: its English, keys and params. */
async function lastFailure(id: string): Promise<DeliveryFailure> {
  const { attempts } = await getDelivery(client, id);
  const failure = attempts.at(-1)?.failure;
  if (!failure) throw new Error(`The last attempt of ${id} has no failure`);
  return failure;
}

describe('<smtp-delivery-log> in the language of strings', () => {
  beforeEach(() => resetAdapter());

  it('says why mail is held, in the list and the detail, for nothing saved and for a secret it cannot open', async () => {
    const [unsaved] = await enqueue([{ to: 'qa-lead@example.com', subject: 'Before any settings' }]);
    await settled([unsaved as string], 'held');
    expect(await lastFailure(unsaved as string)).to.deep.include({
      messageKey: 'failure.notConfigured',
      hintKey: 'hint.notConfigured',
      params: { tenant: 'default' },
    });
    const el = await mount({ strings: GERMAN });
    expect(rows(el)[0]?.[3]).to.equal(
      'Angehalten: Für den Mandanten „default“ sind keine SMTP-Einstellungen gespeichert: Ein Administrator muss den E-Mail-Versand erst einrichten.',
    );
    await open(el, 'Before any settings');
    expect(attempt(el, 1)).to.include(
      'Für den Mandanten „default“ sind keine SMTP-Einstellungen gespeichert',
    );
    expect(attempt(el, 1)).to.include('Was tun: Öffnen Sie die E-Mail-Einstellungen');
    expect(attempt(el, 1)).not.to.include('No SMTP settings');
    await expect(el).to.be.accessible();

    // A host that lost its key: the saved password is sealed with one the adapter no longer has.
    el.remove();
    await resetAdapter();
    await saveSettings();
    await forgetSecretKey();
    const [sealed] = await enqueue([{ to: 'qa-lead@example.com', subject: 'After the key changed' }]);
    await settled([sealed as string], 'held');
    expect(await lastFailure(sealed as string)).to.deep.include({
      messageKey: 'failure.secretUnreadable',
      hintKey: 'hint.secretUnreadable',
      params: { field: 'password' },
    });
    const again = await mount({ strings: GERMAN });
    await open(again, 'After the key changed');
    expect(attempt(again, 1)).to.include(
      'Der gespeicherte Wert von password lässt sich mit den Schlüsseln dieses Servers nicht entschlüsseln.',
    );
    expect(attempt(again, 1)).to.include('Was tun: Fügen Sie den Schlüssel');
    expect(text(again)).not.to.include('cannot be decrypted');
  });

  it('says an expired message in words of its own, the span and the last failure too', async () => {
    // Retries after 1 s and at the 2 s horizon, where the outbox gives up on the message.
    await resetAdapter({ horizonMs: 2000 });
    await saveSettings();
    await refuseRecipients('451 4.3.0 Try again later');
    const [id] = await enqueue([{ to: 'qa-lead@example.com', subject: 'Never got through' }]);
    await settled([id as string], 'failed');
    const failure = await lastFailure(id as string);
    expect(failure).to.deep.include({ code: 'EXPIRED', messageKey: 'failure.expiredAfter' });
    expect(failure.params).to.include({
      span: 2,
      spanUnit: 'second',
      lastKey: 'failure.temporary',
      code: 451,
    });
    expect(failure.message).to.match(/^Not delivered within 2 seconds; the last attempt failed: /);

    const el = await mount({ strings: GERMAN });
    await open(el, 'Never got through');
    const last = shadow(el).querySelectorAll('[part~="attempt"]').length;
    const said = attempt(el, last);
    expect(said).to.include(
      'Nicht innerhalb von 2 Sekunden zugestellt; der letzte Versuch scheiterte: Der Server meldete einen vorübergehenden Fehler (451).',
    );
    expect(said).to.include(
      'Was tun: Beheben Sie, was die Versuche zeigen, und senden Sie die Nachricht dann erneut.',
    );
    expect(said).not.to.include('Not delivered');
    // The server's own reply stays as it said it.
    expect(shadow(el).querySelectorAll('[part~="server-reply"]')[last - 1]?.textContent?.trim()).to.match(
      /^451 4\.3\.0 Try again later/,
    );
    await expect(el).to.be.accessible();
  });

  it('says which recipients of a sent message were refused', async () => {
    await saveSettings();
    await refuseRecipients('550 5.1.1 User unknown', 'gone@example.com');
    const [id] = await enqueue([{ to: 'gone@example.com, qa-lead@example.com', subject: 'Half delivered' }]);
    await settled([id as string], 'sent');
    expect(await lastFailure(id as string)).to.deep.include({
      messageKey: 'failure.partiallyRefused',
      params: { refused: 1, total: 2, recipients: 'gone@example.com' },
    });

    const el = await mount({ strings: GERMAN });
    await open(el, 'Half delivered');
    expect(attempt(el, 1)).to.include(
      'Der Server hat 1 von 2 Empfängern abgelehnt (gone@example.com); die anderen haben die Nachricht erhalten.',
    );
    expect(attempt(el, 1)).to.include(
      'Was tun: Der Server hat die Empfängeradresse abgelehnt; prüfen Sie sie.',
    );
  });

  it('says what the adapter refused: a recipient filter it cannot use, a log that is switched off', async () => {
    const el = await mount({ strings: GERMAN });
    const recipient = shadow(el).querySelector<HTMLInputElement>('#recipient');
    if (!recipient) throw new Error('No recipient filter');
    recipient.value = 'qa lead@example.com';
    button(el, 'Filter').click();
    await waitUntil(
      () => shadow(el).querySelector('#recipient-error')?.textContent?.trim(),
      'the filter was never refused',
      { timeout: 5000 },
    );
    expect(shadow(el).querySelector('#recipient-error')?.textContent?.trim()).to.equal(
      'Der Empfänger muss eine einzelne E-Mail-Adresse sein',
    );

    await setFeatureEnabled(false);
    const off = await mount({ strings: GERMAN });
    expect(shadow(off).querySelector('[part~="alert"]')?.textContent?.trim()).to.equal('Nicht gefunden');
  });
});
