import type { OAuthProvider } from '@smtp-settings/schema';

/** The Fallback URL: where a provider sends the admin back, to register in the Azure or Google app. */
export function redirectUriOf(publicUrl: string, provider: OAuthProvider): string {
  return `${publicUrl}/oauth/${provider}/callback`;
}
