import { readFileSync } from 'node:fs';

/** Clock ticks of all cores since boot, from the first line of /proc/stat. */
export interface MachineCpu {
  busy: number;
  total: number;
}

/**
 * The whole machine's CPU counters. Two readings give how busy all cores were in between,
 * whichever process (node, PostgreSQL backends, pgbench) did the work; short-lived processes
 * such as pgbench's connections are counted too, which a per-process reading would miss.
 */
export function readMachineCpu(): MachineCpu {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  if (!line.startsWith('cpu ')) throw new Error(`unexpected /proc/stat: ${line}`);
  // user nice system idle iowait irq softirq steal (guest time is already in user).
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: total - idle, total };
}

/** Share of all cores busy between two readings, 0..1. */
export function busyShare(before: MachineCpu, after: MachineCpu): number {
  const total = after.total - before.total;
  return total > 0 ? (after.busy - before.busy) / total : Number.NaN;
}
