import type { AuditEntry } from '@smtp-settings/schema';
import type { SmtpSettingsStrings } from '../localize/strings.js';

/** What an audit entry recorded, in the admin’s words: the fields a save or a key rotation changed by their labels, a Test’s server and outcome. */
export function describeAuditEntry(
  t: SmtpSettingsStrings,
  { action, changedFields, test }: AuditEntry,
): string {
  if (action === 'rotation') return t.auditRotated;
  if (action === 'test' && test) {
    const outcome =
      test.outcome === 'passed' ? t.auditPassed : (t.failureReasons[test.outcome] ?? test.outcome);
    return t.auditTested(`${test.host}:${test.port}`, outcome);
  }
  const fields = changedFields.map((field) => labelOf(t, field)).join(', ');
  return action === 'reseal' ? t.auditResealed(fields) : t.auditSaved(fields);
}

// A field is named by its label where the form has one; a name it does not know shows as stored.
function labelOf(t: SmtpSettingsStrings, field: string): string {
  const label: unknown = t[field as keyof SmtpSettingsStrings];
  return typeof label === 'string' ? label : field;
}
