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
  // Requests go one after another, and only the last one's answer is shown: a quick off-on ends on.
  let queue = Promise.resolve();
  let latest = 0;

  const show = (outage: Outage) => {
    known = outage;
    toggle.checked = outage.down;
    if (outage.down) mode.value = outage.mode;
    status.className = `status ${outage.down ? 'error' : 'success'}`;
    say((text) => (outage.down ? text.outageDown(outage.mode, formatMailTime(outage.since)) : text.outageUp));
  };
  const failed = (error: unknown) => {
    if (known) toggle.checked = known.down;
    status.className = 'status error';
    say((text) => text.outageFailed(errorMessage(error)));
  };
  const refresh = () => getOutage().then(show, failed);
  const change = (down: boolean, outageMode: OutageMode) => {
    const request = ++latest;
    status.className = 'status';
    say((text) => (down ? text.outageStopping : text.outageStarting));
    queue = queue.then(async () => {
      try {
        const outage = await setOutage(down, outageMode);
        if (request === latest) show(outage);
      } catch (error) {
        if (request !== latest) return;
        failed(error);
        // A failed restart leaves the server down: show that rather than the switch's guess.
        await getOutage().then(
          (outage) => (known = outage),
          () => undefined,
        );
        if (known) toggle.checked = known.down;
      }
    });
  };

  toggle.addEventListener('change', () => change(toggle.checked, mode.value as OutageMode));
  mode.addEventListener('change', () => {
    // The kind applies to the next outage; during one, it changes how the server is down right away.
    if (toggle.checked) change(true, mode.value as OutageMode);
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void refresh();
  });
  void refresh();
}
