/**
 * Checks a classified {@link SmtpFailure}: its code, stage and, when given, hint and transience, and
 * that its message reads as one sentence.
 *
 * @module
 */
import type { SmtpErrorCode, TestStageName } from '@smtp-settings/schema';
import { expect } from 'vitest';
import { SmtpFailure } from '../src/failures/smtp-failure.js';

/** What a classified failure should say. */
export interface ExpectedFailure {
  /** Its stable code. */
  code: SmtpErrorCode;
  /** The step it names. */
  stage: TestStageName;
  /** Its hint, exactly (a string) or by pattern. */
  hint?: RegExp | string;
  /** Whether trying again later may work. */
  transient?: boolean;
}

/**
 * Asserts that `failure` is an {@link SmtpFailure} as `expected` describes, with a message that starts
 * with a capital letter (or a quote) and ends with a period.
 *
 * @example
 * expectFailure(classifyReply(reply, 'auth'), { code: 'AUTH_FAILED', stage: 'auth', hint: /app password/ });
 */
export function expectFailure(failure: SmtpFailure, expected: ExpectedFailure): void {
  expect(failure).toBeInstanceOf(SmtpFailure);
  expect({ code: failure.code, stage: failure.stage }).toEqual({
    code: expected.code,
    stage: expected.stage,
  });
  if (typeof expected.hint === 'string') expect(failure.hint).toBe(expected.hint);
  else if (expected.hint) expect(failure.hint).toMatch(expected.hint);
  if (expected.transient !== undefined) expect(failure.transient).toBe(expected.transient);
  expect(failure.message).toMatch(/^[A-Z"].*\.$/);
}
