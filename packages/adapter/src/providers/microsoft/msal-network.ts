import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/**
 * The HTTP client MSAL uses for one call, whose every request ends when `signal` aborts: it sends with
 * `node:http(s)`, whose requests the signal destroys together with their socket, even in the middle of
 * connecting (a `fetch` aborted then is left to its own connect timeout, and reopens a connection).
 *
 * @example
 * ```ts
 * new ConfidentialClientApplication({ auth, system: { networkClient: abortableNetworkClient(signal) } });
 * ```
 */
export function abortableNetworkClient(signal: AbortSignal): INetworkModule {
  return {
    // MSAL passes a timeout of its own only for Azure's instance metadata service.
    sendGetRequestAsync: (url, options, timeout) =>
      send(url, 'GET', options, timeout ? AbortSignal.any([signal, AbortSignal.timeout(timeout)]) : signal),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options, signal),
  };
}

// Identity answers are a few kilobytes; anything far larger is not one.
const MAX_ANSWER_BYTES = 1024 * 1024;

/** One request as MSAL's own client makes it: headers and body in; status, headers and the JSON body out. */
function send<T>(
  url: string,
  method: 'GET' | 'POST',
  options: NetworkRequestOptions | undefined,
  signal: AbortSignal,
): Promise<NetworkResponse<T>> {
  const target = new URL(url);
  const body = method === 'POST' ? (options?.body ?? '') : undefined;
  return new Promise((resolve, reject) => {
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(
      target,
      {
        method,
        headers: {
          ...options?.headers,
          ...(body !== undefined && { 'content-length': String(Buffer.byteLength(body)) }),
        },
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) request.destroy(new Error('The answer is too large.'));
          else chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('end', () => {
          try {
            resolve({
              headers: headersOf(response.headers),
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as T,
              status: response.statusCode ?? 0,
            });
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Node's response headers as MSAL reads them: one string per lower-case name. */
function headersOf(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
