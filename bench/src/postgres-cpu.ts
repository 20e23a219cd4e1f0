import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLK_TCK } from './proc-cpu.js';

interface ProcTimes {
  pid: number;
  state: string;
  ppid: number;
  comm: string;
  /** utime + stime of the process itself. */
  own: number;
  /** cutime + cstime: the processes it has reaped, all their lives. */
  reaped: number;
}

function readTimes(pid: number | 'self'): ProcTimes | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // gone between the listing and the read
  }
  const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  // After comm: field 3 (state), 4 (ppid) ... 14 utime, 15 stime, 16 cutime, 17 cstime.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const at = (field: number) => Number(f[field - 3]);
  return {
    pid: pid === 'self' ? process.pid : pid,
    state: f[0] ?? '?',
    ppid: at(4),
    comm,
    own: at(14) + at(15),
    reaped: at(16) + at(17),
  };
}

const toMicros = (ticks: number) => (ticks * 1_000_000) / CLK_TCK;

/**
 * CPU time (µs) used so far by the PostgreSQL server on this machine: every `postgres`
 * process's own time plus what the postmaster has reaped from exited backends. Two readings
 * give the server's CPU in between, including backends that came and went (pgbench's
 * connections), which a per-pid reading would miss. Every database of the server is in it.
 */
export function readPostgresCpuMicros(): number {
  const procs: ProcTimes[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const times = readTimes(Number(entry));
    if (times?.comm === 'postgres') procs.push(times);
  }
  const pids = new Set(procs.map((p) => p.pid));
  let ticks = 0;
  for (const p of procs) {
    ticks += p.own;
    // The postmaster: a postgres process whose parent is not one.
    if (!pids.has(p.ppid)) ticks += p.reaped;
  }
  return toMicros(ticks);
}

/** CPU time (µs) of the children this process has waited for, e.g. a pgbench run once it exited. */
export function readReapedChildrenCpuMicros(): number {
  const self = readTimes('self');
  if (self === undefined) throw new Error('cannot read /proc/self/stat');
  return toMicros(self.reaped);
}

function lingering(database: string): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const times = readTimes(Number(entry));
    if (times?.comm !== 'postgres') continue;
    // Exited but not reaped yet: its CPU is not in the postmaster's count until it is.
    if (times.state === 'Z') return true;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    // A backend's title: "postgres: 15/main: <user> <database> <client> <activity>".
    if (cmdline.includes(` ${database} `)) return true;
  }
  return false;
}

/**
 * Waits until no backend of `database` is alive or waiting to be reaped, so that a reading
 * taken after a client such as pgbench exits includes all the CPU its connections used.
 */
export async function waitForBackendsGone(database: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (lingering(database) && Date.now() < deadline) await sleep(10);
}
