/** A choice the demo remembers in `localStorage`, shared by all its pages. */
export interface Preference<T extends string> {
  /** The allowed values; the first one is the default. */
  readonly values: readonly T[];
  /** The remembered value, or the default when none (or an unknown one) is stored. */
  read(): T;
  /** Remembers `value`. */
  write(value: T): void;
}

function preference<T extends string>(key: string, values: readonly [T, ...T[]]): Preference<T> {
  return {
    values,
    read() {
      // Storage can be unavailable (blocked cookies, sandboxed frames); the default is fine then.
      const stored = safely(() => localStorage.getItem(key));
      return values.find((value) => value === stored) ?? values[0];
    },
    write(value) {
      safely(() => localStorage.setItem(key, value));
    },
  };
}

function safely<T>(action: () => T): T | undefined {
  try {
    return action();
  } catch {
    return undefined;
  }
}

/** The page and element theme: the system's light or dark (the default), light, dark, or a custom brand look. */
export const themePreference = preference('smtp-settings-demo.theme', ['system', 'light', 'dark', 'custom']);
/** The language of the page and the element. */
export const languagePreference = preference('smtp-settings-demo.language', ['en', 'de']);

/** The value type of a preference. */
export type PreferenceValue<P> = P extends Preference<infer T> ? T : never;

/** Shows the remembered value in `select`, applies it now and on every change, and remembers changes. */
export function bindPreference<T extends string>(
  select: HTMLSelectElement,
  pref: Preference<T>,
  apply: (value: T) => void,
): void {
  select.value = pref.read();
  apply(pref.read());
  select.addEventListener('change', () => {
    const value = pref.values.find((allowed) => allowed === select.value);
    if (!value) return;
    pref.write(value);
    apply(value);
  });
}
