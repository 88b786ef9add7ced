import { executeServerCommand } from '@web/test-runner-commands';

/**
 * Makes the page see `prefers-color-scheme: colorScheme`, as on a system set so, in Chromium and in
 * Firefox alike (see `test/color-scheme-command.mjs`). It stays so until set again.
 */
export async function emulateColorScheme(colorScheme: 'light' | 'dark'): Promise<void> {
  await executeServerCommand('emulate-color-scheme', { colorScheme });
}
