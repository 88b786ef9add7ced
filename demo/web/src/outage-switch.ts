import { errorMessage, getOutage, type Outage, type OutageMode, setOutage } from './demo-api.js';
import { formatMailTime } from './mail-time.js';
import { messageLine } from './page-language.js';

/**
 * Wires the development mail server's outage switch: `toggle` (a `role="switch"` checkbox) takes the
 * server down or brings it back, `mode` says how the outage looks, and `status` tells the server's
 * state as it answers. The state is read again whenever the tab comes back into view, in case another
 * tab switched it.
 */
export function handleOutageSwitch(
  toggle: HTMLInputElement,
  mode: HTMLSelectElement,
  status: HTMLElement,
): void {
  const say = messageLine(status);
  let known: Outage | undefined;
  let queue = Promise.resolve();
  let latest = 0;

  const show = (outage: Outage) => {
    known = outage;
    toggle.checked = outage.down;
    if (outage.down) mode.value = outage.mode;
    status.className = `status ${outage.down ? 'error' : 'success'}`;
    say((text) => (outage.down ? text.outageDown(outage.mode, formatMailTime(outage.since)) : text.outageUp));
  };
  // Reads and changes go one after another, and only the last one's answer shows: a quick off-on ends on.
  const run = (task: () => Promise<Outage>) => {
    const request = ++latest;
    queue = queue.then(async () => {
      try {
        const outage = await task();
        if (request === latest) show(outage);
      } catch (error) {
        if (request !== latest) return;
        // The switch shows the server's state, not the click: the last known one now, then a fresh read
        // (a failed restart leaves the server down).
        if (known) toggle.checked = known.down;
        status.className = 'status error';
        say((text) => text.outageFailed(errorMessage(error)));
        known = await getOutage().catch(() => known);
        if (known) toggle.checked = known.down;
      }
    });
  };
  const change = (down: boolean, outageMode: OutageMode) => {
    status.className = 'status';
    say((text) => (down ? text.outageStopping : text.outageStarting));
    run(() => setOutage(down, outageMode));
  };

  toggle.addEventListener('change', () => change(toggle.checked, mode.value as OutageMode));
  mode.addEventListener('change', () => {
    // The kind applies to the next outage; during one, it changes how the server is down right away.
    if (toggle.checked) change(true, mode.value as OutageMode);
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') run(getOutage);
  });
  run(getOutage);
}
