import { expect } from '@open-wc/testing';
import type { AuditEntry, SmtpErrorCode } from '@smtp-settings/schema';
import { en } from '../localize/en.js';
import { describeAuditEntry } from './describe-audit-entry.js';

const AT = { version: 3, at: '2026-12-06T11:58:02.114Z', actor: 'dana@example.com' };

describe('describeAuditEntry', () => {
  it('names a rotation, which the mailer records for the refresh token', () => {
    const entry: AuditEntry = { ...AT, action: 'rotation', changedFields: ['refreshToken'] };
    expect(describeAuditEntry(en, entry)).to.equal('The provider renewed the refresh token');
  });

  it('names a re-sealing by a key rotation, with the labels of the fields it re-sealed', () => {
    const entry: AuditEntry = { ...AT, action: 'reseal', changedFields: ['clientSecret', 'refreshToken'] };
    expect(describeAuditEntry(en, entry)).to.equal(
      'Re-encrypted with the new key: Client Secret, Refresh Token',
    );
  });

  it('names the changed fields by their labels, and a field without one as stored', () => {
    const entry: AuditEntry = { ...AT, action: 'save', changedFields: ['clientSecret', 'connection'] };
    expect(describeAuditEntry(en, entry)).to.equal('Saved: Client Secret, connection');
    expect(describeAuditEntry(en, { ...entry, changedFields: [] })).to.equal('Saved');
  });

  it("says a Test's outcome through strings, and a code it does not know as sent", () => {
    const test = { host: 'smtp.office365.com', port: 587, outcome: 'TOKEN_REVOKED' as const };
    const entry: AuditEntry = { ...AT, action: 'test', changedFields: [], test };
    const t = {
      ...en,
      failureReasons: { ...en.failureReasons, TOKEN_REVOKED: 'das Token wurde widerrufen' },
    };
    expect(describeAuditEntry(t, entry)).to.equal(
      'Tested smtp.office365.com:587: das Token wurde widerrufen',
    );
    const unknown = { ...test, outcome: 'SOMETHING_NEW' as SmtpErrorCode };
    expect(describeAuditEntry(en, { ...entry, test: unknown })).to.equal(
      'Tested smtp.office365.com:587: SOMETHING_NEW',
    );
  });
});
