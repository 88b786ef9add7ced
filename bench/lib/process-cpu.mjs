import { readdir, readFile } from 'node:fs/promises';

/** Linux's clock ticks a second, in which /proc/<pid>/stat counts CPU time. */
const TICKS_PER_SECOND = 100;

/**
 * The CPU time, in µs, that each of the machine's processes named `name` (e.g. `postgres`,
 * `redis-server`) used so far, by process id, from /proc: what the database costs beside the instances.
 * Undefined off Linux.
 */
export async function cpuOfProcesses(name) {
  let pids;
  try {
    pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
  } catch {
    return undefined;
  }
  const cpu = new Map();
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    if (open < 0 || !stat.slice(open + 1, close).startsWith(name)) continue;
    cpu.set(pid, (ticksOf(stat) / TICKS_PER_SECOND) * 1e6);
  }
  return cpu;
}

/**
 * The CPU time, in µs, that the processes of `after` used since `before` (both of `cpuOfProcesses`): all
 * of a process that started since. A backend that exited meanwhile took its time with it, so read over a
 * span in which the pools keep their connections; it is left out rather than counted against the rest.
 */
export function cpuBetween(before, after) {
  let spent = 0;
  for (const [pid, cpu] of after ?? []) spent += cpu - (before?.get(pid) ?? 0);
  return spent;
}

/** The CPU time, in µs, that the process `pid` (e.g. the sink's child) used so far; undefined off Linux or once it exited. */
export async function cpuOfProcess(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return stat === undefined ? undefined : (ticksOf(stat) / TICKS_PER_SECOND) * 1e6;
}

/** utime and stime of a /proc/<pid>/stat line, in clock ticks: fields 14 and 15, counted after the name. */
function ticksOf(stat) {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}
