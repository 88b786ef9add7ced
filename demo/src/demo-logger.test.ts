import { SECURITY_EVENT_MESSAGE } from '@smtp-settings/adapter';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { demoLogger, quietDemoLogger } from './demo-logger.js';

describe('demoLogger', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes a security event on one line', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    demoLogger.info?.(SECURITY_EVENT_MESSAGE, {
      event: 'test',
      outcome: 'AUTH_FAILED',
      tenant: 'default',
      actor: 'demo-admin',
      host: '127.0.0.1',
      port: 1025,
    });
    expect(info.mock.calls).toEqual([['security event: test AUTH_FAILED by demo-admin (127.0.0.1:1025)']]);
  });

  it('drops security events when quiet, but not warnings', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    quietDemoLogger.info?.(SECURITY_EVENT_MESSAGE, { event: 'test', outcome: 'passed' });
    quietDemoLogger.warn('smtp-settings: something', { code: 'X' });
    expect(info).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledOnce();
  });
});
