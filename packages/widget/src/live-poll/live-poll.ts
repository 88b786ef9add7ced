import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What {@link LivePoll} runs, and how often. */
export interface LivePollOptions {
  /** The shortest wait between two polls, in ms, read before each wait. */
  interval: () => number;
  /** Looks once; resolves whether anything changed. Its signal aborts when the poll pauses or runs too long. */
  poll: (signal: AbortSignal) => Promise<boolean>;
}

// Polls that find nothing new stretch the wait up to this many intervals; a change starts over.
const MAX_STRETCH = 8;
// A poll that hangs is given up, so a dead connection cannot stop the updates for good.
const POLL_TIMEOUT_MS = 10_000;

/**
 * Keeps a view up to date while someone can see it: polls after `interval`, doubling the wait after each
 * poll that changed nothing or failed (up to 8 intervals), and pauses while the page is hidden or the
 * element is disconnected, looking at once when it is back.
 */
export class LivePoll implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #options: LivePollOptions;
  #delay = 0;
  #timer?: ReturnType<typeof setTimeout>;
  #running?: AbortController;

  /** Registers with `host`; polling starts when the host connects. */
  constructor(host: ReactiveControllerHost & HTMLElement, options: LivePollOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected() {
    document.addEventListener('visibilitychange', this.#handleVisibility);
    this.restart();
  }

  hostDisconnected() {
    document.removeEventListener('visibilitychange', this.#handleVisibility);
    this.#stop();
  }

  /** Waits the shortest interval again before the next poll: the admin acted, or the view was loaded anew. */
  restart() {
    this.#delay = this.#options.interval();
    this.#schedule();
  }

  /** Looks now, then waits the shortest interval again: the admin acted, and its consequences follow soon. */
  now() {
    this.#stop();
    this.#delay = this.#options.interval();
    // A poll under way may have read the log before what happened now: it gives way to a new one.
    if (!document.hidden && this.#host.isConnected) void this.#poll();
  }

  #schedule() {
    clearTimeout(this.#timer);
    if (document.hidden || !this.#host.isConnected || this.#running) return;
    this.#timer = setTimeout(() => void this.#poll(), this.#delay);
  }

  async #poll() {
    const running = new AbortController();
    this.#running = running;
    let changed = false;
    try {
      changed = await this.#options.poll(
        AbortSignal.any([running.signal, AbortSignal.timeout(POLL_TIMEOUT_MS)]),
      );
    } catch {
      // A failed poll is tried again later, less often; the view keeps what it shows.
    }
    if (this.#running !== running) return;
    this.#running = undefined;
    const interval = this.#options.interval();
    this.#delay = changed ? interval : Math.min(this.#delay * 2, interval * MAX_STRETCH);
    this.#schedule();
  }

  #stop() {
    clearTimeout(this.#timer);
    this.#running?.abort();
    this.#running = undefined;
  }

  readonly #handleVisibility = () => {
    if (document.hidden) {
      this.#stop();
      return;
    }
    // Back in view: whatever happened meanwhile shows now, not after a stretched wait.
    this.now();
  };
}
