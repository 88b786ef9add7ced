import type { DeliveryView } from '@smtp-settings/schema';
import type { SmtpSettingsClient } from '../api/client.js';
import { listDeliveries, resendDelivery } from '../api/deliveries.js';

// The most messages a page of the log holds: the fewest requests to find every failed one.
const PAGE_LIMIT = 200;
// Resends in flight at once: quick for hundreds, gentle on the adapter.
const PARALLEL = 4;

/** The ids of every message that failed, newest first, page by page. */
export async function findFailed(client: SmtpSettingsClient, signal?: AbortSignal): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listDeliveries(client, { status: 'failed', limit: PAGE_LIMIT, cursor }, signal);
    ids.push(...page.deliveries.map((delivery) => delivery.id));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return ids;
}

/** What {@link resendEach} did: the messages queued again, and the errors of those that could not be. */
export interface ResendOutcome {
  /** The messages as they are after their resend. */
  resent: DeliveryView[];
  /** Why the others were not resent (e.g. resent meanwhile by someone else). */
  refused: unknown[];
}

/** Resends every message of `ids`, a few at a time; one refusal does not stop the others. */
export async function resendEach(
  client: SmtpSettingsClient,
  ids: readonly string[],
  signal?: AbortSignal,
): Promise<ResendOutcome> {
  const outcome: ResendOutcome = { resent: [], refused: [] };
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        outcome.resent.push((await resendDelivery(client, id, signal)).delivery);
      } catch (error) {
        if (signal?.aborted) throw error;
        outcome.refused.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, ids.length) }, worker));
  return outcome;
}
