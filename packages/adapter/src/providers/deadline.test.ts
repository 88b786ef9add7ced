import { describe, expect, it } from 'vitest';
import { DeadlineExceededError, describeTimeout, withDeadline } from './deadline.js';

const timers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;

describe('withDeadline', () => {
  it("answers the call's result and leaves no timer behind", async () => {
    const before = timers();
    await expect(withDeadline(5_000, async () => 'minted')).resolves.toBe('minted');
    await expect(withDeadline(5_000, async () => Promise.reject(new Error('refused')))).rejects.toThrow(
      'refused',
    );
    expect(timers()).toBe(before);
  });

  it('aborts the signal and rejects with DeadlineExceededError when the call ignores it', async () => {
    let seen: AbortSignal | undefined;
    const error = await withDeadline(50, (signal) => {
      seen = signal;
      return new Promise(() => undefined);
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(error).toMatchObject({ timeoutMs: 50, message: 'No answer within 50 ms.' });
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBe(error);
  });

  it("reports the deadline, not the library's own error for the request it aborted", async () => {
    const error = await withDeadline(
      50,
      (signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(new Error('openid_config_error')));
        }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineExceededError);
  });
});

describe('describeTimeout', () => {
  it('says milliseconds below a second and seconds from there', () => {
    expect([300, 1000, 2500, 10_000].map(describeTimeout)).toEqual(['300 ms', '1 s', '2.5 s', '10 s']);
  });
});
