import { errorMessage } from './demo-api.js';
import type { PageText } from './i18n/page-en.js';
import { messageLine } from './page-language.js';

/** A failure the page can switch on and off on a local server, and how the page tells its state. */
export interface FaultSwitch<State, Mode extends string> {
  /** Loads the server's state. */
  read(): Promise<State>;
  /** Switches the failure on in `mode`, or off; answers the new state. */
  write(on: boolean, mode: Mode): Promise<State>;
  /** The failure's mode while it is on, `undefined` while it is off. */
  modeOf(state: State): Mode | undefined;
  /** The state in words. */
  describe(state: State, text: PageText): string;
  /** What the page says while the switch goes on or off. */
  switching(on: boolean, text: PageText): string;
  /** What the page says when the switch could not change. */
  failed(reason: string, text: PageText): string;
}

/**
 * Wires a failure switch: `toggle` (a `role="switch"` checkbox) switches the failure on or off, `mode`
 * says how it looks, and `status` tells the server's state as it answers. The state is read again
 * whenever the tab comes back into view, in case another tab switched it.
 */
export function handleFaultSwitch<State, Mode extends string>(
  toggle: HTMLInputElement,
  mode: HTMLSelectElement,
  status: HTMLElement,
  fault: FaultSwitch<State, Mode>,
): void {
  const say = messageLine(status);
  let known: State | undefined;
  let queue = Promise.resolve();
  let latest = 0;

  const show = (state: State) => {
    known = state;
    const on = fault.modeOf(state);
    toggle.checked = on !== undefined;
    if (on !== undefined) mode.value = on;
    status.className = `status ${on !== undefined ? 'error' : 'success'}`;
    say((text) => fault.describe(state, text));
  };
  const isOn = (state: State) => fault.modeOf(state) !== undefined;
  // Reads and changes go one after another, and only the last one's answer shows: a quick off-on ends on.
  const run = (task: () => Promise<State>) => {
    const request = ++latest;
    queue = queue.then(async () => {
      try {
        const state = await task();
        if (request === latest) show(state);
      } catch (error) {
        if (request !== latest) return;
        // The switch shows the server's state, not the click: the last known one now, then a fresh read
        // (a failed restart leaves the server down).
        if (known !== undefined) toggle.checked = isOn(known);
        status.className = 'status error';
        say((text) => fault.failed(errorMessage(error), text));
        known = await fault.read().catch(() => known);
        if (known !== undefined) toggle.checked = isOn(known);
      }
    });
  };
  const change = (on: boolean, next: Mode) => {
    status.className = 'status';
    say((text) => fault.switching(on, text));
    run(() => fault.write(on, next));
  };

  toggle.addEventListener('change', () => change(toggle.checked, mode.value as Mode));
  mode.addEventListener('change', () => {
    // The kind applies to the next failure; while one is on, it changes it right away.
    if (toggle.checked) change(true, mode.value as Mode);
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') run(fault.read);
  });
  run(fault.read);
}
