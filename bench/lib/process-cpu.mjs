import { readdir, readFile } from 'node:fs/promises';

/** Linux's clock ticks a second, in which /proc/<pid>/stat counts CPU time. */
const TICKS_PER_SECOND = 100;

/**
 * The CPU time, in µs, that the machine's processes named `name` (e.g. `postgres`, `redis-server`) used so
 * far, from /proc: what the database costs beside the instances. A backend that exited took its time
 * with it, so read it over a span in which the pools keep their connections. Undefined off Linux.
 */
export async function cpuOfProcesses(name) {
  let pids;
  try {
    pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
  } catch {
    return undefined;
  }
  let ticks = 0;
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    if (open < 0 || !stat.slice(open + 1, close).startsWith(name)) continue;
    // After the name: state is field 3, utime 14 and stime 15 of the whole line.
    const fields = stat.slice(close + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks / TICKS_PER_SECOND) * 1e6;
}
