/** The scope Gmail's SMTP server needs: it accepts no narrower one than full mail access. */
export const GMAIL_SCOPE = 'https://mail.google.com/';

/** The scopes "Get Refresh Token" asks Google for: Gmail over SMTP, and the signed-in address. */
export const GOOGLE_SCOPES: readonly string[] = [GMAIL_SCOPE, 'openid', 'email'];
