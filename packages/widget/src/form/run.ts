import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What a {@link Run} does when its work settles; neither is called for a run that was superseded or aborted. */
export interface RunCallbacks<T> {
  /** The work finished with `value`. */
  onComplete?: (value: T) => void;
  /** The work failed with `error`. */
  onError?: (error: unknown) => void;
}

/**
 * One async action of an element (load, test, save, sign-in): its status and last value, one run
 * at a time, each with an `AbortSignal` that a new run, `abort()` or disconnecting the host fires.
 * What the element needs of `@lit/task`, in a fraction of its size.
 *
 * @example
 * ```ts
 * private readonly save = new Run(this, (signal, draft: Draft) => putSettings(client, draft, signal), {
 *   onComplete: (saved) => this.reset(saved),
 * });
 * ```
 */
export class Run<TArgs extends unknown[], T> implements ReactiveController {
  /** `pending` while the work runs; `complete` or `error` once it settled; `idle` before and after `reset()`. */
  status: 'idle' | 'pending' | 'complete' | 'error' = 'idle';
  /** The value of the last completed run, until the next run starts. */
  value?: T;

  readonly #host: ReactiveControllerHost;
  readonly #work: (signal: AbortSignal, ...args: TArgs) => Promise<T>;
  readonly #callbacks: RunCallbacks<T>;
  #controller?: AbortController;

  /** Creates the run for `host`, doing `work` with the arguments of each `run()`. */
  constructor(
    host: ReactiveControllerHost,
    work: (signal: AbortSignal, ...args: TArgs) => Promise<T>,
    callbacks: RunCallbacks<T> = {},
  ) {
    this.#host = host;
    this.#work = work;
    this.#callbacks = callbacks;
    host.addController(this);
  }

  /** Whether the work is running. */
  get pending(): boolean {
    return this.status === 'pending';
  }

  /** Starts the work, aborting a run still in flight. */
  async run(...args: TArgs): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.value = undefined;
    this.#set('pending');
    try {
      const value = await this.#work(controller.signal, ...args);
      if (controller !== this.#controller) return;
      this.value = value;
      this.#set('complete');
      this.#callbacks.onComplete?.(value);
    } catch (error) {
      if (controller !== this.#controller) return;
      this.#set('error');
      this.#callbacks.onError?.(error);
    }
  }

  /** Aborts the run in flight, if any, and forgets it without calling back. */
  abort(): void {
    this.#controller?.abort();
    this.#controller = undefined;
    if (this.pending) this.#set('idle');
  }

  /** Aborts and returns to `idle` with no value, as before the first run. */
  reset(): void {
    this.abort();
    this.value = undefined;
    this.#set('idle');
  }

  hostDisconnected(): void {
    this.abort();
  }

  #set(status: Run<TArgs, T>['status']) {
    this.status = status;
    this.#host.requestUpdate();
  }
}
