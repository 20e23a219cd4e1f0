import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { recreateDatabase } from '../bench-db.js';
import { PG_ADMIN_URL } from '../infra.js';
import { busyShare, readMachineCpu } from '../machine-cpu.js';
import { readPostgresCpuMicros, readReapedChildrenCpuMicros, waitForBackendsGone } from '../postgres-cpu.js';

const run = promisify(execFile);

export interface PgbenchResult {
  clients: number;
  threads: number;
  /** `tps = ... (without initial connection time)`. */
  tps: number;
  /** `latency average = ... ms`: pgbench reports no percentiles without per-transaction logs. */
  latencyAvgMs: number;
  transactions: number;
  /** `number of failed transactions` (PostgreSQL 15+); 0 when the line is absent. */
  failed: number;
  /** Share of both cores busy during the run, all processes. */
  machineBusy: number;
  /** CPU of the pgbench process (its C client) per transaction, µs. */
  clientCpuMicrosPerTxn: number;
  /** CPU of the PostgreSQL server (all its processes, connections included) per transaction, µs. */
  postgresCpuMicrosPerTxn: number;
}

/** Same server and user as the rest of the bench (BENCH_PG_ADMIN_URL), as libpq options. */
function connectionArgs(): { args: string[]; env: NodeJS.ProcessEnv } {
  const url = new URL(PG_ADMIN_URL);
  const args = ['-h', url.hostname, '-p', url.port === '' ? '5432' : url.port];
  if (url.username !== '') args.push('-U', decodeURIComponent(url.username));
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (url.password !== '') env.PGPASSWORD = decodeURIComponent(url.password);
  return { args, env };
}

async function pgbench(binary: string, args: readonly string[]): Promise<string> {
  const connection = connectionArgs();
  try {
    const { stdout } = await run(binary, [...connection.args, ...args], {
      env: connection.env,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${binary} ${args.join(' ')} failed: ${e.message}\n${e.stderr ?? ''}`);
  }
}

/** Drops and recreates `database`, then `pgbench -i -s scale` into it (TPC-B tables, vacuumed). */
export async function initPgbench(binary: string, database: string, scale: number): Promise<void> {
  await recreateDatabase(database);
  await pgbench(binary, ['-i', '-q', '-s', String(scale), database]);
}

function field(stdout: string, pattern: RegExp, what: string): number {
  const match = pattern.exec(stdout);
  if (match?.[1] === undefined) throw new Error(`pgbench output has no ${what}:\n${stdout}`);
  return Number(match[1]);
}

/** The default TPC-B-like script with prepared statements, `clients` connections, min(clients, 2) threads. */
export async function runPgbench(
  binary: string,
  database: string,
  clients: number,
  seconds: number,
): Promise<PgbenchResult> {
  const threads = Math.min(clients, 2);
  const before = readMachineCpu();
  const clientBefore = readReapedChildrenCpuMicros();
  const postgresBefore = readPostgresCpuMicros();
  const stdout = await pgbench(binary, [
    '-c',
    String(clients),
    '-j',
    String(threads),
    '-T',
    String(seconds),
    '-M',
    'prepared',
    database,
  ]);
  const machineBusy = busyShare(before, readMachineCpu());
  await waitForBackendsGone(database);
  const postgresMicros = readPostgresCpuMicros() - postgresBefore;
  const clientMicros = readReapedChildrenCpuMicros() - clientBefore;
  const transactions = field(stdout, /^number of transactions actually processed: (\d+)/m, 'transaction count');
  return {
    clients,
    threads,
    tps: field(stdout, /^tps = ([\d.]+) \(without initial connection time\)$/m, 'tps line'),
    latencyAvgMs: field(stdout, /^latency average = ([\d.]+) ms$/m, 'latency average'),
    transactions,
    failed: /^number of failed transactions: (\d+)/m.test(stdout)
      ? field(stdout, /^number of failed transactions: (\d+)/m, 'failed count')
      : 0,
    machineBusy,
    clientCpuMicrosPerTxn: transactions > 0 ? clientMicros / transactions : Number.NaN,
    postgresCpuMicrosPerTxn: transactions > 0 ? postgresMicros / transactions : Number.NaN,
  };
}
