import { isFlowReference, type SmtpSettingsDraft, signInOf } from '@smtp-settings/schema';
import type { OAuthConnection } from '../settings/sealed-record.js';
import type { FlowCaller, OAuthFlows } from './oauth-flows.js';

/** A draft whose refresh token is a value again, and the flow it came from, if any. */
export interface RedeemedDraft {
  draft: SmtpSettingsDraft;
  grant?: { flowId: string; connection: OAuthConnection };
}

/**
 * Replaces `refreshToken: { flow }` in a draft with the token that flow obtained, server-side: the page
 * only ever holds the flow id. Drafts without a flow reference, or with Application sign-in, pass through unchanged.
 */
export async function redeemFlowReference(
  draft: SmtpSettingsDraft,
  flows: OAuthFlows,
  caller: FlowCaller,
): Promise<RedeemedDraft> {
  if (draft.authType !== 'oauth' || !isFlowReference(draft.refreshToken)) return { draft };
  // Application sign-in has no use for a refresh token: the flow stays unused rather than consumed.
  if (signInOf(draft) === 'application') return { draft };
  const flowId = draft.refreshToken.flow;
  const { refreshToken, connection } = await flows.grant(caller, flowId, draft);
  return { draft: { ...draft, refreshToken }, grant: { flowId, connection } };
}
