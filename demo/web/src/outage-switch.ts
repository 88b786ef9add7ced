import { getOutage, type Outage, type OutageMode, setOutage } from './demo-api.js';
import { handleFaultSwitch } from './fault-switch.js';
import { formatMailTime } from './mail-time.js';

/**
 * Wires the development mail server's outage switch: `toggle` takes the server down or brings it back,
 * `mode` says how the outage looks, and `status` tells the server's state as it answers.
 */
export function handleOutageSwitch(
  toggle: HTMLInputElement,
  mode: HTMLSelectElement,
  status: HTMLElement,
): void {
  handleFaultSwitch<Outage, OutageMode>(toggle, mode, status, {
    read: getOutage,
    write: setOutage,
    modeOf: (outage) => (outage.down ? outage.mode : undefined),
    describe: (outage, text) =>
      outage.down ? text.outageDown(outage.mode, formatMailTime(outage.since)) : text.outageUp,
    switching: (down, text) => (down ? text.outageStopping : text.outageStarting),
    failed: (reason, text) => text.outageFailed(reason),
  });
}
