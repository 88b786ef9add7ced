import { type AddressInfo, createServer, type Server } from 'node:net';
import type { TestResponse } from '@smtp-settings/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicDraft, createTestApp } from '../../test/app-fixture.js';
import { publicMailServersOnly } from '../smtp/host-policy.js';
import { memoryStore } from '../stores/memory-store.js';

describe('POST /test with hostPolicy: publicMailServersOnly', () => {
  // Listens on every local address, IPv4 and IPv6, so any way of reaching this machine is counted.
  let local: Server;
  let port = 0;
  let connections = 0;

  beforeAll(async () => {
    local = createServer((socket) => {
      connections += 1;
      socket.end('220 local.example ESMTP\r\n');
    });
    await new Promise<void>((resolve) => local.listen(0, '::', resolve));
    port = (local.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => local.close(() => resolve())));

  it.each(['localhost', '::', '::1', '127.0.0.1', '0.0.0.0', '::ffff:127.0.0.1', '::ffff:7f00:1'])(
    'answers HOST_NOT_ALLOWED for %s before connecting',
    async (host) => {
      const api = createTestApp({ store: memoryStore(), hostPolicy: publicMailServersOnly });
      const before = connections;
      const res = await api.call('POST', '/test', {
        body: { settings: basicDraft({ host, port, security: 'none' }) },
      });
      const body = res.body as TestResponse;
      expect(res.status).toBe(200);
      expect(body.error).toMatchObject({ code: 'HOST_NOT_ALLOWED', stage: 'dns' });
      expect(body.stages.map((stage) => stage.name)).toEqual(['dns']);
      expect(connections).toBe(before);
    },
  );
});
