import type { OutboxMessage } from '@smtp-settings/adapter';
import { html } from 'hono/html';

/**
 * The notification a test-management app would send when someone edits a test case: plain text and
 * HTML, with a link back to the record at `recordUrl`.
 *
 * @example
 * await outbox.enqueue(testCaseUpdated('qa-lead@example.com', 'http://127.0.0.1:8025/?record=TC-42'), { tenant });
 */
export function testCaseUpdated(to: string, recordUrl: string): OutboxMessage {
  const subject = 'Test case TC-42 was updated';
  const text = [
    'Dana Whitfield updated test case TC-42 "Checkout applies the spring discount code".',
    '',
    'Changes:',
    '- Step 3, expected result: "Total shows 10 % off" → "Total shows 15 % off, rounded down"',
    '- Priority: Medium → High',
    '',
    `Open the test case: ${recordUrl}`,
    '',
    'You get this mail because you follow TC-42. — smtp-settings demo',
  ].join('\n');
  const body = html`<!doctype html>
<html lang="en"><body style="font-family: system-ui, sans-serif; color: #1b1b1b; line-height: 1.5">
<p><strong>Dana Whitfield</strong> updated test case <strong>TC-42</strong> “Checkout applies the spring discount code”.</p>
<table style="border-collapse: collapse" cellpadding="6">
  <tr><th align="left">Step 3, expected result</th><td><del>Total shows 10 % off</del> → Total shows 15 % off, rounded down</td></tr>
  <tr><th align="left">Priority</th><td><del>Medium</del> → High</td></tr>
</table>
<p><a href="${recordUrl}" style="display: inline-block; padding: 8px 16px; background: #2563eb; color: #fff; text-decoration: none; border-radius: 4px">Open TC-42</a></p>
<p style="color: #6b7280; font-size: 0.85em">You get this mail because you follow TC-42. — smtp-settings demo</p>
</body></html>`;
  return { to, subject, text, html: body.toString() };
}
