import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSmtpConfig } from '../config/smtp-config.js';
import { memoryStore } from '../stores/memory-store.js';
import type { AlertsOptions } from './alerts-options.js';

const SECRET = 'alerts-secret-0123456789abcdef-long-enough';

/** Makes a configuration with `alerts`, as a host does at startup. */
function configWith(alerts: unknown) {
  return createSmtpConfig({
    store: memoryStore(),
    secretKey: randomBytes(32).toString('base64'),
    alerts: alerts as AlertsOptions,
  });
}

/** The TypeError `alerts` makes createSmtpConfig throw. */
function errorOf(alerts: unknown): Error {
  try {
    configWith(alerts);
  } catch (error) {
    return error as Error;
  }
  throw new Error('no error');
}

describe('alerts option', () => {
  it('is off unless given, and filled in with defaults when given', () => {
    expect(configWith(undefined).alerts).toBeUndefined();
    expect(
      configWith({ webhook: 'https://ops.example.com/hooks/smtp', secret: SECRET }).alerts,
    ).toMatchObject({
      secret: SECRET,
      timeoutMs: 10_000,
      retry: { attempts: 5, baseDelayMs: 1_000 },
    });
  });

  it('takes http only for a loopback host', () => {
    for (const webhook of [
      'http://127.0.0.1:8080/h',
      'http://127.9.0.1/h',
      'http://[::1]/h',
      'http://localhost/h',
    ]) {
      expect(configWith({ webhook, secret: SECRET }).alerts?.webhook.href).toBe(new URL(webhook).href);
    }
    for (const webhook of [
      'http://ops.example.com/h',
      'http://10.0.0.1/h',
      'http://[::2]/h',
      'ftp://ops.example.com/h',
    ]) {
      expect(errorOf({ webhook, secret: SECRET })).toMatchObject({
        name: 'TypeError',
        message: expect.stringContaining('`alerts.webhook`'),
      });
    }
  });

  it('names the field at fault, never its value', () => {
    const webhook = 'https://ops.example.com/hooks?token=url-token-never-shown';
    const cases: Array<[unknown, string]> = [
      ['https://ops.example.com', '`alerts`'],
      [{ webhook: 'not a url?token=url-token-never-shown', secret: SECRET }, '`alerts.webhook`'],
      [
        { webhook: 'https://ops:url-token-never-shown@ops.example.com/h', secret: SECRET },
        '`alerts.webhook`',
      ],
      [{ webhook, secret: 'short-secret-never-shown' }, '`alerts.secret`'],
      [{ webhook, secret: 42 }, '`alerts.secret`'],
      [{ webhook, secret: SECRET, timeoutMs: 0 }, '`alerts.timeoutMs`'],
      [{ webhook, secret: SECRET, retry: { attempts: 0 } }, '`alerts.retry.attempts`'],
      [{ webhook, secret: SECRET, retry: { baseDelayMs: -1 } }, '`alerts.retry.baseDelayMs`'],
    ];
    for (const [alerts, field] of cases) {
      const error = errorOf(alerts);
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toContain(field);
      for (const secret of ['url-token-never-shown', 'short-secret-never-shown', SECRET]) {
        expect(error.message).not.toContain(secret);
      }
    }
  });
});
