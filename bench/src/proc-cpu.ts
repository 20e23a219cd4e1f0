import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// The kernel counts CPU time in clock ticks; ask for the tick rate rather than assume 100.
export const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/**
 * CPU time (user + system, all threads) a process has used so far, in microseconds. Read
 * before and after a run, the difference is the server's own cost of the hops it answered;
 * Redis, PostgreSQL and the load generator are other processes and are not in it.
 */
export function readCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Field 2 (comm) is in parentheses and may hold spaces: split after its closing paren.
  // What follows starts at field 3 (state); utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) {
    throw new Error(`unexpected /proc/${pid}/stat: ${stat}`);
  }
  return ((utime + stime) * 1_000_000) / CLK_TCK;
}
