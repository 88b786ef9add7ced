import { ApiError } from '../errors.js';
import { notice } from '../failures/server-text.js';

const VERSION_TAG = /^(?:W\/)?"?(\d{1,15})"?$/;

/** The ETag a settings version is sent with: the version number, quoted as HTTP wants. */
export function versionTag(version: number): string {
  return `"${version}"`;
}

/**
 * Reads the version a client says it edited from `If-Match` (`3`, `"3"` or `W/"3"`).
 * `undefined` means the header was absent, which only the first save may do.
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = VERSION_TAG.exec(header.trim());
  if (!match) {
    throw new ApiError(400, 'VALIDATION_FAILED', notice('error.ifMatchInvalid'));
  }
  return Number(match[1]);
}

/**
 * Whether `If-None-Match` names `etag` (or is `*`), so the client already holds this version and gets a
 * 304. Compared weakly, as RFC 9110 asks for `If-None-Match`.
 */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed === etag || trimmed === `W/${etag}`;
  });
}
