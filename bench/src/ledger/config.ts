import { positiveNumber } from '../config.js';

/** Knobs of `pnpm bench:ledger`, read from the environment (see bench/README.md). */
export interface LedgerConfig {
  /** Length of one measured run, per client count, for the ledger and for pgbench alike. */
  seconds: number;
  /** Unmeasured load at the same client count just before each measured run. */
  warmupSeconds: number;
  /** Concurrent clients, in the order they are run. */
  clients: readonly number[];
  /** Funded member wallets the transfers pick from. */
  members: number;
  pgbench: string;
  pgbenchScale: number;
  /** Part 3, the USSD send-money journey under autocannon: off unless BENCH_LEDGER_USSD=1. */
  ussd: boolean;
  ussdConnections: number;
  ussdMembers: number;
  skipBuild: boolean;
}

// pgbench takes whole seconds; the ledger runs use the same, so both see the same window.
const wholeSeconds = (name: string, fallback: number) => Math.max(1, Math.round(positiveNumber(name, fallback)));

function clientCounts(): number[] {
  const raw = process.env.BENCH_LEDGER_CLIENTS ?? '1,8,32';
  const counts = raw.split(',').map((c) => Number(c.trim()));
  if (counts.length === 0 || counts.some((c) => !Number.isInteger(c) || c < 1 || c > 64)) {
    throw new Error(`BENCH_LEDGER_CLIENTS must be a comma list of integers 1..64, got "${raw}"`);
  }
  return counts;
}

export function readLedgerConfig(): LedgerConfig {
  const members = Math.round(positiveNumber('BENCH_LEDGER_MEMBERS', 200));
  if (members < 2) throw new Error('BENCH_LEDGER_MEMBERS must be at least 2 (a transfer needs two wallets)');
  return {
    seconds: wholeSeconds('BENCH_LEDGER_SECONDS', 10),
    warmupSeconds: wholeSeconds('BENCH_LEDGER_WARMUP_SECONDS', 2),
    clients: clientCounts(),
    members,
    pgbench: process.env.BENCH_PGBENCH ?? '/usr/bin/pgbench',
    pgbenchScale: Math.round(positiveNumber('BENCH_PGBENCH_SCALE', 10)),
    ussd: process.env.BENCH_LEDGER_USSD === '1',
    ussdConnections: Math.round(positiveNumber('BENCH_LEDGER_USSD_CONNECTIONS', 32)),
    // Twice the connections: sessions rotate through the phones, and one phone must not be in two
    // sessions at once (a real phone cannot be; concurrent PIN checks of one member reserve
    // attempts side by side and lock the member).
    ussdMembers: Math.round(positiveNumber('BENCH_LEDGER_USSD_MEMBERS', 64)),
    skipBuild: (process.env.BENCH_SKIP_BUILD ?? '') !== '',
  };
}
