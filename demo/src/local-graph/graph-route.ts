import { type GraphAnswer, graphError } from './graph-answer.js';
import type { GraphRequestKind } from './graph-failures.js';

/**
 * The request kind and the user or app ID that a local Graph request's method and path name, or Graph's
 * answer to one it does not serve: `GET /v1.0/users/{id}`, `POST /v1.0/users/{id}/sendMail`,
 * `GET /v1.0/applications(appId='{id}')`.
 *
 * @example
 * const target = graphRoute('POST', '/v1.0/users/notifications%40contoso.example/sendMail');
 */
export function graphRoute(
  method: string,
  pathname: string,
): { kind: GraphRequestKind; id: string } | { answer: GraphAnswer } {
  const segments = pathname.split('/').slice(1).map(safeDecode);
  const [version, resource, id, action] = segments;
  if (version !== 'v1.0') return { answer: graphError(400, 'BadRequest', 'Invalid version.') };
  const application = /^applications\(appId='([^']*)'\)$/.exec(resource ?? '');
  const route =
    application && segments.length === 2
      ? { kind: 'application' as const, id: application[1] ?? '', method: 'GET' }
      : resource === 'users' && id && segments.length === 3
        ? { kind: 'user' as const, id, method: 'GET' }
        : resource === 'users' && id && action === 'sendMail' && segments.length === 4
          ? { kind: 'sendMail' as const, id, method: 'POST' }
          : undefined;
  if (!route) {
    const segment = segments.at(-1) ?? '';
    return { answer: graphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`) };
  }
  if (route.method !== method) {
    return { answer: graphError(405, 'Request_BadRequest', 'The specified HTTP method is not allowed.') };
  }
  return { kind: route.kind, id: route.id };
}

/** A path segment decoded, or as it is when its escapes are broken. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
