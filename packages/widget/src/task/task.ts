import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Where a task stands; `render` picks its renderer by it. */
export const TaskStatus = { INITIAL: 0, PENDING: 1, COMPLETE: 2, ERROR: 3 } as const;
/** One of `TaskStatus`. */
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus];

/** What a task returns to go back to its initial state (nothing to do yet), rather than complete. */
export const initialState: unique symbol = Symbol();

/** A task's job, its arguments (read before each update when it runs by itself) and what follows it. */
export interface TaskConfig<A extends readonly unknown[], R> {
  /** The job; `signal` aborts when a newer run starts or `abort` is called. */
  task: (
    args: A,
    options: { signal: AbortSignal },
  ) => R | typeof initialState | Promise<R | typeof initialState>;
  /** Its arguments: a change runs it again before the host's next update (unless `autoRun` is false). */
  args?: () => A;
  /** Whether a change of `args` runs it; otherwise only `run` does. */
  autoRun?: boolean;
  /** Called with the value of the latest run when it completes. */
  onComplete?: (value: R) => void;
  /** Called with the error of the latest run when it fails. */
  onError?: (error: unknown) => void;
}

/** The renderers `render` picks from: one per status. */
export interface TaskRenderers<R> {
  initial?: () => unknown;
  pending?: () => unknown;
  complete?: (value: R) => unknown;
  error?: (error: unknown) => unknown;
}

/**
 * An async job of a Lit element, as much of `@lit/task`'s `Task` as the elements use (its config,
 * `run`, `abort`, `status`, `value`, `error` and `render`) in a fraction of its size: only the latest
 * run settles the task, and a new run aborts the one pending.
 *
 * @example
 * readonly #load = new Task(this, { task: ([client], { signal }) => getMeta(client, signal), args: () => [this.client] });
 */
export class Task<A extends readonly unknown[] = readonly unknown[], R = unknown>
  implements ReactiveController
{
  status: TaskStatus = TaskStatus.INITIAL;
  value?: R;
  error?: unknown;
  #config: TaskConfig<A, R>;
  #host: ReactiveControllerHost;
  #args?: A;
  #run = 0;
  #abort?: AbortController;

  constructor(host: ReactiveControllerHost, config: TaskConfig<A, R>) {
    this.#host = host;
    this.#config = config;
    host.addController(this);
  }

  hostUpdate(): void {
    const args = this.#config.args?.();
    const before = this.#args;
    if (this.#config.autoRun === false || !args) return;
    if (!before || args.length !== before.length || args.some((arg, n) => !Object.is(arg, before[n]))) {
      void this.run(args);
    }
  }

  /** Runs the job with `args` (by default those of `config.args`), aborting a run still pending. */
  async run(args: A | undefined = this.#config.args?.()): Promise<void> {
    this.#args = args;
    if (this.status === TaskStatus.PENDING) this.#abort?.abort();
    this.status = TaskStatus.PENDING;
    this.#host.requestUpdate();
    const run = ++this.#run;
    this.#abort = new AbortController();
    let result: R | typeof initialState | undefined;
    let failed = false;
    let error: unknown;
    try {
      result = await this.#config.task(args as A, { signal: this.#abort.signal });
    } catch (caught) {
      failed = true;
      error = caught;
    }
    // A newer run settles the task: this one's outcome is stale.
    if (run !== this.#run) return;
    if (result === initialState) {
      this.status = TaskStatus.INITIAL;
    } else {
      // A callback's own error must not leave the task pending, as in @lit/task.
      try {
        if (failed) this.#config.onError?.(error);
        else this.#config.onComplete?.(result as R);
      } catch {}
      this.status = failed ? TaskStatus.ERROR : TaskStatus.COMPLETE;
      this.value = result as R;
      this.error = error;
    }
    this.#host.requestUpdate();
  }

  /** Aborts the pending run, if any: its `signal` fires with `reason`. */
  abort(reason?: unknown): void {
    if (this.status === TaskStatus.PENDING) this.#abort?.abort(reason);
  }

  /** What the renderer for the task's status returns. */
  render(renderers: TaskRenderers<R>): unknown {
    const { status, value, error } = this;
    if (status === TaskStatus.INITIAL) return renderers.initial?.();
    if (status === TaskStatus.PENDING) return renderers.pending?.();
    return status === TaskStatus.COMPLETE ? renderers.complete?.(value as R) : renderers.error?.(error);
  }
}
