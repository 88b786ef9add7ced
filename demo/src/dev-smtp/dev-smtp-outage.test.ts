import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSmtp, withinPatience } from '../../test/smtp-socket.js';
import { loadOrCreateCertificate } from './certificate.js';
import { type DevSmtpServer, startDevSmtpServer } from './dev-smtp-server.js';

describe('dev mail server outage', () => {
  let dir: string;
  let smtp: DevSmtpServer;
  let now: Date;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'smtp-settings-outage-'));
    now = new Date('2026-03-01T09:00:00.000Z');
    smtp = await startDevSmtpServer({
      port: 0,
      certificate: await loadOrCreateCertificate(dir),
      acceptsAccessToken: () => false,
      onMail: () => undefined,
      clock: () => now,
    });
  });
  afterEach(async () => {
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses connections while down and greets again on the same port after', async () => {
    const { port } = smtp;
    const before = await openSmtp(port);
    expect(before.greeting).toMatch(/^220 localhost ESMTP/);
    before.end();
    expect(smtp.outage()).toEqual({ down: false });

    expect(await smtp.setOutage({ down: true })).toEqual({
      down: true,
      mode: 'refused',
      since: '2026-03-01T09:00:00.000Z',
    });
    await expect(openSmtp(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    expect(await smtp.setOutage({ down: false })).toEqual({ down: false });
    expect(smtp.port).toBe(port);
    const after = await openSmtp(port);
    expect(after.greeting).toMatch(/^220 localhost ESMTP/);
    after.end();
  });

  it('answers each new connection with 421 Service not available and hangs up, in the unavailable mode', async () => {
    await smtp.setOutage({ down: true, mode: 'unavailable' });
    const refused = await openSmtp(smtp.port);
    expect(refused.greeting).toBe('421 localhost Service not available, closing transmission channel');
    await withinPatience(refused.closed, 'The server hanging up');

    await smtp.setOutage({ down: false });
    expect((await openSmtp(smtp.port)).greeting).toMatch(/^220 /);
  });

  it('ends an open session with 421 when the outage starts, so a pooled client cannot deliver through it', async () => {
    const session = await openSmtp(smtp.port);
    await smtp.setOutage({ down: true });
    expect(await withinPatience(session.closed, 'The session ending')).toBe('421 Server shutting down\r\n');
  });

  it('changes the mode of an outage without moving its start, and does nothing when asked for the same state', async () => {
    await smtp.setOutage({ down: true, mode: 'unavailable' });
    now = new Date('2026-03-01T09:05:00.000Z');
    expect(await smtp.setOutage({ down: true, mode: 'refused' })).toEqual({
      down: true,
      mode: 'refused',
      since: '2026-03-01T09:00:00.000Z',
    });
    await expect(openSmtp(smtp.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await smtp.setOutage({ down: true })).toMatchObject({ since: '2026-03-01T09:00:00.000Z' });

    await smtp.setOutage({ down: false });
    const session = await openSmtp(smtp.port);
    // Already up: no restart, so the open session goes on.
    await smtp.setOutage({ down: false });
    session.end();
    expect(await withinPatience(session.closed, 'The client hanging up')).toBe('');
  });

  it('ends in the last state asked for when changes overlap', async () => {
    const changes = [
      smtp.setOutage({ down: true }),
      smtp.setOutage({ down: false }),
      smtp.setOutage({ down: true, mode: 'unavailable' }),
    ];
    await Promise.all(changes);
    expect(smtp.outage()).toMatchObject({ down: true, mode: 'unavailable' });
    expect((await openSmtp(smtp.port)).greeting).toMatch(/^421 /);
  });

  it('stays down and says so when another program took the port during the outage', async () => {
    await smtp.setOutage({ down: true });
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(smtp.port, '127.0.0.1', resolve));
    try {
      await expect(smtp.setOutage({ down: false })).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(smtp.outage()).toEqual({ down: true, mode: 'refused', since: '2026-03-01T09:00:00.000Z' });
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    expect(await smtp.setOutage({ down: false })).toEqual({ down: false });
    expect((await openSmtp(smtp.port)).greeting).toMatch(/^220 /);
  });

  it('closes while down, and refuses to come back after closing', async () => {
    await smtp.setOutage({ down: true });
    await withinPatience(smtp.close(), 'Closing');
    await expect(smtp.setOutage({ down: false })).rejects.toThrow('closed');
    await expect(openSmtp(smtp.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
