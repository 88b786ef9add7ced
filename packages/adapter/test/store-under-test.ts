import { afterEach, beforeEach } from 'vitest';

/** What a contract run needs: a fresh, empty store and a way to throw its backing data away afterwards. */
export interface Made<S> {
  /** The store to test; closed after each test. */
  store: S;
  /** Removes whatever backs the store (a temp file, a schema), after `close()`. */
  cleanup?: () => Promise<void>;
}

/**
 * Gives each test of the calling `describe` a fresh store from `makeStore`, closed and cleaned up after
 * the test; read it as `subject.store` inside the test.
 *
 * @example
 * ```ts
 * const subject = useStoreUnderTest(async () => ({ store: memoryStore() }));
 * it('reads nothing', async () => expect(await subject.store.get('acme')).toBeNull());
 * ```
 */
export function useStoreUnderTest<S extends { close(): Promise<void> }>(
  makeStore: () => Promise<Made<S>>,
): { readonly store: S } {
  let made: Made<S> | undefined;
  beforeEach(async () => {
    made = await makeStore();
  });
  afterEach(async () => {
    await made?.store.close();
    await made?.cleanup?.();
    made = undefined;
  });
  return {
    get store() {
      if (made === undefined) throw new Error('The store under test exists only inside a test.');
      return made.store;
    },
  };
}
