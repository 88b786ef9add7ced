/** How the benchmarks take and print their figures. */
import { performance } from 'node:perf_hooks';

/** The median of `values` (the upper one of an even count), leaving `values` as they are. */
export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** This process's CPU time per message since `since` (a `process.cpuUsage()`), in µs: it moves much less than a rate while other work shares the machine. */
export function cpuPerMessage(since, count) {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / count;
}

/** Sends `count` messages with `send`, `concurrency` at a time; answers messages per second and this process's CPU time per message in µs. */
export async function measureSends(send, count, concurrency) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      await send();
    }
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { rate: count / ((performance.now() - started) / 1000), cpu: cpuPerMessage(cpu, count) };
}

/** A rate in messages per second, right-aligned for a column. */
export const formatRate = (value) => `${Math.round(value)} msg/s`.padStart(12);

/** Each round's figure, in brackets. */
export const formatList = (values, digits = 0) =>
  `[${values.map((value) => value.toFixed(digits)).join(', ')}]`;
