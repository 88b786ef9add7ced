import { OAUTH_RETURN_PARAM, type SecretField } from '@smtp-settings/schema';
import type { FormValues } from './form-values.js';

const STORAGE_PREFIX = 'smtp-settings:return:';

/** The form as kept across a full-page sign-in: the values, and which typed secrets were left behind. */
export interface KeptForm {
  /** The non-secret values as the admin left them. */
  values: FormValues;
  /** Secrets the admin had typed but not saved; they are never stored, so the admin types them again. */
  retype: SecretField[];
}

/** The page's own address without a returned flow: where a full-page sign-in comes back to. */
export function returnAddress(): string {
  const url = new URL(location.href);
  url.searchParams.delete(OAUTH_RETURN_PARAM);
  return url.href;
}

/** Keeps the form in this tab's session storage until the sign-in of `flowId` comes back. */
export function keepForm(flowId: string, kept: KeptForm): void {
  try {
    sessionStorage.setItem(STORAGE_PREFIX + flowId, JSON.stringify(kept));
  } catch {
    // Storage can be off (private modes, sandboxed frames): the sign-in still comes back, only the values are lost.
  }
}

/**
 * Takes the flow a full-page sign-in came back with, and the form kept for it, once: the parameter
 * leaves the address bar (so a reload or a bookmark does not replay it) and the kept form leaves storage.
 */
export function takeReturn(): { flowId: string; kept?: KeptForm } | undefined {
  const url = new URL(location.href);
  const flowId = url.searchParams.get(OAUTH_RETURN_PARAM);
  if (!flowId) return undefined;
  url.searchParams.delete(OAUTH_RETURN_PARAM);
  history.replaceState(history.state, '', url.href);
  try {
    const stored = sessionStorage.getItem(STORAGE_PREFIX + flowId);
    sessionStorage.removeItem(STORAGE_PREFIX + flowId);
    return stored ? { flowId, kept: JSON.parse(stored) as KeptForm } : { flowId };
  } catch {
    return { flowId };
  }
}
