import type { DeliveryListResponse, DeliveryView } from '@smtp-settings/schema';

/** The messages the log shows, and the cursor of the page after them. */
export interface ShownPage {
  /** The messages, newest first. */
  deliveries: DeliveryView[];
  /** Where "Load more" goes on; absent once the last page is shown. */
  nextCursor?: string | undefined;
}

/**
 * Puts a fresh first page over what the log shows: its messages replace the shown ones it covers (new
 * ones come in on top, changed ones change), and the older pages already loaded stay below.
 */
export function mergeFirstPage(shown: ShownPage, fresh: DeliveryListResponse): ShownPage {
  const last = fresh.deliveries.at(-1);
  // The fresh page reaches the end of the log: it is the whole list.
  if (fresh.nextCursor === undefined || last === undefined) return fresh;
  const at = shown.deliveries.findIndex((delivery) => delivery.id === last.id);
  // So many arrived that the fresh page ends above what was shown: it starts over from the fresh page.
  if (at === -1) return fresh;
  return {
    deliveries: [...fresh.deliveries, ...shown.deliveries.slice(at + 1)],
    nextCursor: shown.nextCursor,
  };
}
