import { describe, expect, it } from 'vitest';
import { basicDraft, createTestApp, ORIGIN, SECRETS } from '../../test/app-fixture.js';
import { memoryStore } from '../stores/memory-store.js';

// Where Vite serves a page by default: the origin a developer behind its dev proxy sends.
const VITE_DEV = 'http://localhost:5173';

describe('the CSRF check', () => {
  it('refuses an untrusted origin with CSRF_REJECTED, naming the origin it saw and the trustedOrigins option', async () => {
    const store = memoryStore();
    const res = await createTestApp({ store }).call('PUT', '/settings', {
      body: { settings: basicDraft() },
      headers: { Origin: VITE_DEV },
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      error: {
        code: 'CSRF_REJECTED',
        message:
          'This request came from origin "http://localhost:5173", which the server does not trust. If that ' +
          "page is yours, add its origin to the adapter's `trustedOrigins` option (by default only the " +
          'origin of `publicUrl` is trusted).',
        messageKey: 'error.untrustedOrigin',
        params: { origin: '"http://localhost:5173"' },
      },
    });
    // Neither the body's secrets nor the origins the server does trust come back.
    expect(JSON.stringify(res.body)).not.toContain(SECRETS.password);
    expect(JSON.stringify(res.body)).not.toContain(ORIGIN);
    expect(await store.get('default')).toBeNull();
  });

  it('lets the same request through once that origin is in trustedOrigins', async () => {
    const app = createTestApp({ store: memoryStore(), trustedOrigins: [ORIGIN, VITE_DEV] });
    const res = await app.call('PUT', '/settings', {
      body: { settings: basicDraft() },
      headers: { Origin: VITE_DEV },
    });
    expect(res.status).toBe(200);
  });

  it('shows at most 200 characters of the origin, quoted, however long the header', async () => {
    const forged = `https://${'a'.repeat(5_000)}.example "quoted"`;
    const res = await createTestApp({ store: memoryStore() }).call('PUT', '/settings', {
      body: { settings: basicDraft() },
      headers: { Origin: forged },
    });
    expect(res.status).toBe(403);
    const { message } = res.body.error;
    expect(message).toContain(`origin "${forged.slice(0, 200)}", which`);
    expect(message.length).toBeLessThan(450);
  });

  it('says why a cross-site request without Origin is refused', async () => {
    const res = await createTestApp({ store: memoryStore() }).host.request('/api/smtp/settings', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'cross-site' },
      body: JSON.stringify({ settings: basicDraft() }),
    });
    expect(res.status).toBe(403);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('CSRF_REJECTED');
    expect(error.message).toMatch(/another site \(Sec-Fetch-Site: cross-site\) without naming its origin/);
    expect(error.message).toContain('`trustedOrigins`');
  });
});
