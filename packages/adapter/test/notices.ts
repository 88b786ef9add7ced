import type { ServerNotice } from '@smtp-settings/schema';

/** The English messages of warnings, for tests that read them as the admin does. */
export function messages(notices: readonly ServerNotice[] | undefined): string[] | undefined {
  return notices?.map(({ message }) => message);
}
