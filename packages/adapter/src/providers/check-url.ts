/**
 * Checks that an endpoint option is an absolute URL of an allowed protocol and drops trailing slashes,
 * so a bad URL fails at startup rather than on the first send.
 */
export function checkUrl(option: string, value: string, { httpsOnly = false } = {}): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  const protocols = httpsOnly ? ['https:'] : ['https:', 'http:'];
  if (!url || !protocols.includes(url.protocol)) {
    throw new TypeError(
      `smtp-settings: \`${option}\` must be an absolute ${httpsOnly ? 'https' : 'http(s)'} URL`,
    );
  }
  return value.replace(/\/+$/, '');
}
