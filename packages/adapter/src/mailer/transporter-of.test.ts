import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphFixture, startGraphFixture } from '../../test/graph-fixture.js';
import { graphConnectionOf } from '../graph/graph-connection.js';
import { transporterOf } from './transporter-of.js';

const SETTINGS = {
  authType: 'oauth',
  provider: 'microsoft',
  sendingMethod: 'graph',
  clientId: '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
  clientSecret: 'client-secret-value',
  tenantId: 'contoso.onmicrosoft.com',
  fromEmail: 'notifications@contoso.com',
} as const;

let graph: GraphFixture;
beforeAll(async () => {
  graph = await startGraphFixture();
});
afterAll(() => graph.close());

describe('transporterOf a Graph connection', () => {
  const transporter = () =>
    transporterOf(
      graphConnectionOf(
        SETTINGS,
        { origin: graph.origin, timeoutMs: 2_000 },
        {
          accessToken: async () => ({ accessToken: 'graph-token' }),
        },
      ),
    );

  it('sends through Graph with nodemailer’s sendMail', async () => {
    const sent = await transporter().sendMail({ from: SETTINGS.fromEmail, to: 'qa@example.com', text: 'hi' });
    expect(sent).toMatchObject({ accepted: ['qa@example.com'], response: 'Microsoft Graph 202 Accepted' });
    expect(graph.sent.at(-1)?.mime).toContain(`Message-ID: ${sent.messageId}`);
  });

  it('reads no file, even for a message that asks to lift the sandbox', async () => {
    const before = graph.count('sendMail');
    for (const lift of [{}, { disableFileAccess: false, disableUrlAccess: false }]) {
      await expect(
        transporter().sendMail({
          from: SETTINGS.fromEmail,
          to: 'qa@example.com',
          text: { path: '/etc/passwd' },
          ...lift,
        }),
      ).rejects.toThrow();
    }
    expect(graph.count('sendMail')).toBe(before);
  });
});
