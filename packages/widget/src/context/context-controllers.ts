import type { Context, ContextCallback, ContextType } from '@lit/context';

type UnknownContext = Context<unknown, unknown>;

import type { ReactiveController, ReactiveControllerHost } from 'lit';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * The `context-request` event of the community context protocol, as `@lit/context` sends and answers it,
 * so a host's `ContextProvider` (or `ContextRoot`) serves these consumers and these providers its own.
 */
interface ContextRequest<C extends UnknownContext> extends Event {
  context: C;
  contextTarget: Element;
  callback: ContextCallback<ContextType<C>>;
  subscribe?: boolean;
}

/**
 * Asks the elements above `host` for the value of `context` when it connects, and follows its changes:
 * the part of `@lit/context`'s `ContextConsumer` the elements use (`subscribe: true`), a fraction of its
 * size, speaking the same protocol.
 */
export class ContextConsumer<C extends UnknownContext> implements ReactiveController {
  /** The value provided, `undefined` before a provider answers. */
  value?: ContextType<C>;
  readonly #host: Host;
  readonly #context: C;
  readonly #onValue: ((value: ContextType<C>) => void) | undefined;
  #unsubscribe?: (() => void) | undefined;

  /** Follows `context` for `host`; `callback` hears each value, after `value` holds it. */
  constructor(host: Host, { context, callback }: { context: C; callback?: (value: ContextType<C>) => void }) {
    this.#host = host;
    this.#context = context;
    this.#onValue = callback;
    host.addController(this);
  }

  hostConnected(): void {
    const request = Object.assign(new Event('context-request', { bubbles: true, composed: true }), {
      context: this.#context,
      contextTarget: this.#host,
      callback: this.#receive,
      subscribe: true,
    });
    this.#host.dispatchEvent(request);
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  // A provider nearer than the last one (it connected later) takes over: the last one stops telling.
  readonly #receive = (value: ContextType<C>, unsubscribe?: () => void) => {
    if (this.#unsubscribe && this.#unsubscribe !== unsubscribe) this.#unsubscribe();
    this.#unsubscribe = unsubscribe;
    this.value = value;
    this.#onValue?.(value);
    this.#host.requestUpdate();
  };
}

/**
 * Answers the `context-request`s for `context` from the elements below `host` and tells the subscribed
 * ones each new value: the part of `@lit/context`'s `ContextProvider` the form uses for its parts.
 */
export class ContextProvider<C extends UnknownContext> {
  /** The value provided; set it with `setValue`. */
  value?: ContextType<C>;
  /** Each subscriber's callback and its own unsubscribe, the same on every call: a new one would mean another provider. */
  readonly #subscribers = new Map<ContextCallback<ContextType<C>>, () => void>();

  /** Provides `context` to the elements below `host`. */
  constructor(host: HTMLElement, { context }: { context: C }) {
    host.addEventListener('context-request', (event) => {
      const request = event as ContextRequest<C>;
      if (request.context !== context || request.contextTarget === host) return;
      event.stopPropagation();
      const { callback } = request;
      if (request.subscribe && !this.#subscribers.has(callback)) {
        this.#subscribers.set(callback, () => this.#subscribers.delete(callback));
      }
      callback(this.value as ContextType<C>, this.#subscribers.get(callback));
    });
  }

  /** Provides `value`, telling every subscriber when it changed. */
  setValue(value: ContextType<C>): void {
    if (Object.is(value, this.value)) return;
    this.value = value;
    for (const [callback, unsubscribe] of this.#subscribers) callback(value, unsubscribe);
  }
}
