import { describe, expect, it } from 'vitest';
import { expectFailure } from '../../test/expect-failure.js';
import { englishText } from '../failures/server-text.js';
import { SmtpFailure } from '../failures/smtp-failure.js';
import { classifyTokenError } from './classify-token.js';

describe('classifyTokenError', () => {
  it('reports a failure the token source threw at the auth stage, keeping its code', () => {
    const revoked = new SmtpFailure('TOKEN_REVOKED', 'failure.noAccessToken', { stage: 'send' });
    const failure = classifyTokenError(revoked);
    expectFailure(failure, { code: 'TOKEN_REVOKED', stage: 'auth', hint: englishText('hint.TOKEN_REVOKED') });
    expect(failure.messageKey).toBe('failure.noAccessToken');
  });

  it('turns any other error into TOKEN_FAILED', () => {
    expectFailure(classifyTokenError(new Error('invalid_client')), { code: 'TOKEN_FAILED', stage: 'auth' });
  });
});
