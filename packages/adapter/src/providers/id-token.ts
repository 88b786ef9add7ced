/**
 * The claims of an ID token, read without checking its signature, or `undefined` if it is not a JWT.
 *
 * Only for ID tokens received straight from the token endpoint over TLS: OpenID Connect Core §3.1.3.7
 * lets a confidential client rely on that channel instead of the signature (MSAL decodes the same way).
 */
export function idTokenClaims(idToken: string | null | undefined): Record<string, unknown> | undefined {
  const payload = idToken?.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The signed-in mailbox named by ID token claims: `email` (Google; Microsoft when the user has a mail
 * attribute), else `preferred_username` or `upn` (Microsoft's sign-in name, usually the mailbox).
 */
export function accountFromClaims(claims: Readonly<Record<string, unknown>> | undefined): string | undefined {
  for (const name of ['email', 'preferred_username', 'upn']) {
    const value = claims?.[name];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}
