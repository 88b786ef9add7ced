import { type GraphFailure, type GraphFailureMode, getGraphFailure, setGraphFailure } from './demo-api.js';
import { handleFaultSwitch } from './fault-switch.js';
import { formatMailTime } from './mail-time.js';

/**
 * Wires the local Microsoft Graph's failure switch: `toggle` makes Graph answer every request with the
 * error `mode` names, or normally again, and `status` tells its state as it answers.
 */
export function handleGraphFailureSwitch(
  toggle: HTMLInputElement,
  mode: HTMLSelectElement,
  status: HTMLElement,
): void {
  handleFaultSwitch<GraphFailure, GraphFailureMode>(toggle, mode, status, {
    read: getGraphFailure,
    write: setGraphFailure,
    modeOf: (failure) => (failure.failing ? failure.mode : undefined),
    describe: (failure, text) =>
      failure.failing ? text.graphFailing(failure.mode, formatMailTime(failure.since)) : text.graphNormal,
    switching: (failing, text) => (failing ? text.graphBreaking : text.graphRestoring),
    failed: (reason, text) => text.graphSwitchFailed(reason),
  });
}
