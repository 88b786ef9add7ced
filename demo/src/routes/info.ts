import type { OAuthProvider } from '@smtp-settings/schema';
import { Hono } from 'hono';

/** What `GET /demo/info` tells the page: where the dev mail server is and how sign-in works. */
export interface DemoInfo {
  /** The dev mail server and its demo login (public on purpose: it is not the admin's secret). */
  smtp: { host: string; port: number; security: 'starttls'; user: string; password: string };
  /** `local`: the built-in providers; `real`: Microsoft's and Google's own endpoints. */
  oauth: {
    mode: 'local' | 'real';
    /** The accounts the local providers sign in; empty in `real` mode. */
    accounts: Partial<Record<OAuthProvider, string>>;
    /** App registration values the local providers accept, for the page to prefill; absent in `real` mode. */
    clients?: {
      microsoft: { clientId: string; clientSecret: string; tenantId: string };
      google: { clientId: string; clientSecret: string };
    };
  };
}

/**
 * `GET /`: the {@link DemoInfo} the page shows next to the form, as `info()` answers it now (the dev
 * mail server's password can change).
 *
 * @example
 * app.route('/demo/info', infoRoutes(() => info));
 */
export function infoRoutes(info: () => DemoInfo) {
  return new Hono().get('/', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(info());
  });
}
