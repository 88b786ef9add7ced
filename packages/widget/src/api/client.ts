/** How the element reaches the adapter: where it is mounted and which `fetch` carries the requests. */
export interface SmtpSettingsClient {
  /** Base URL of the adapter, absolute or root-relative, e.g. '/api/smtp'. */
  baseUrl: string;
  /** fetch used for every request; a host wraps it to add auth headers or a CSRF token. */
  fetch: typeof fetch;
}

/**
 * Creates a client for the adapter mounted at `baseUrl`, sending requests through `fetchImpl`
 * (the page's `fetch` by default, looked up at call time so a host or test can still replace it).
 *
 * @example
 * ```ts
 * const client = createClient('/api/smtp', (input, init) =>
 *   fetch(input, { ...init, headers: { ...init?.headers, 'X-CSRF-Token': token } }),
 * );
 * ```
 */
export function createClient(baseUrl: string, fetchImpl?: typeof fetch): SmtpSettingsClient {
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    fetch: fetchImpl ?? ((input, init) => globalThis.fetch(input, init)),
  };
}
