/**
 * `pnpm bench:ledger`: ledger transfers per second through `createMoneyService().transfer`
 * against PostgreSQL, next to pgbench's TPC-B-like tps on the same server at the same client
 * counts, interleaved (ledger then pgbench at each count) so machine noise hits both alike.
 * Part 3, the USSD send-money journey under autocannon, runs only with BENCH_LEDGER_USSD=1.
 *
 * Exit code: 1 when a ledger invariant is violated after the runs, when a transfer failed
 * with anything but insufficient funds, or when part 3 was asked for and failed or got wrong
 * replies; 0 otherwise, also when the goal is missed (that is a result).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectPostgres, createMoneyService, type Database } from '@sacco/bank';
import { type Kysely, sql } from 'kysely';
import { recreateDatabase } from './bench-db.js';
import { pgUrl } from './infra.js';
import { type LedgerConfig, readLedgerConfig } from './ledger/config.js';
import { checkLedger, holds, type Invariant } from './ledger/invariants.js';
import { type OutflowProbe, probeOutflowCheck } from './ledger/outflow-probe.js';
import { initPgbench, runPgbench } from './ledger/pgbench.js';
import { evaluateGoal, goalLine, type LedgerRow, renderLedgerMarkdown, WHY_HEAVIER } from './ledger/report.js';
import { analyze, BENCH_LIMITS, CURRENCY, createMembers, fundWallets, prepareLedger } from './ledger/seed.js';
import { runTransfers, type TransferRunResult } from './ledger/transfer-load.js';
import { runSendMoneyJourney, type UssdJourneyResult } from './ledger/ussd-send-money.js';
import { busyShare, readMachineCpu } from './machine-cpu.js';
import { benchDir } from './paths.js';

// Ctrl-C or a kill must still run the 'exit' hook that stops a spawned service.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const LEDGER_DATABASE = 'sacco_bench_ledger';
const PGBENCH_DATABASE = 'sacco_bench_pgbench';
const RESULTS_FILE = join(benchDir, 'results', 'ledger-latest.md');
// KES 1,000,000 per wallet; a transfer moves KES 1-100, so no wallet can run dry in a run.
const FUNDING = 100_000_000n;

function ledgerLine(tag: string, r: TransferRunResult): string {
  return (
    `${tag.padEnd(8)} ledger  ${String(r.clients).padStart(2)} clients ${Math.round(r.transfersPerSec).toString().padStart(6)} transfers/s  ` +
    `p50 ${r.p50Ms.toFixed(1)} ms  p99 ${r.p99Ms.toFixed(1)} ms  CPU µs/transfer node ${Math.round(r.clientCpuMicrosPerTransfer)} ` +
    `PostgreSQL ${Math.round(r.postgresCpuMicrosPerTransfer)}  ` +
    `CPU busy ${Math.round(r.machineBusy * 100)}%  insufficient funds ${r.insufficientFunds}  errors ${r.errors}`
  );
}

interface LedgerOutcome {
  rows: LedgerRow[];
  /** Transfers that returned, warm-ups included: each must be in the journal. */
  acknowledged: number;
  /** Unexpected transfer errors (warm-ups included), with a few samples. */
  errors: number;
  errorSamples: string[];
  invariants: Invariant[];
  postgres: string;
  /** Postings per wallet at the end: what the daily-outflow sum of each transfer reads. */
  postingsPerWallet: number;
  outflow: OutflowProbe;
}

const BACKGROUND_SAMPLE_MS = 3_000;

/** How busy the machine is before the bench adds anything: other work skews every number. */
async function backgroundLoad(): Promise<number> {
  const before = readMachineCpu();
  await sleep(BACKGROUND_SAMPLE_MS);
  return busyShare(before, readMachineCpu());
}

async function describePostgres(db: Kysely<Database>): Promise<string> {
  const settings = await sql<{ version: string; fsync: string; sync: string; buffers: string; autovacuum: string }>`
    select current_setting('server_version') as version, current_setting('fsync') as fsync,
           current_setting('synchronous_commit') as sync, current_setting('shared_buffers') as buffers,
           current_setting('autovacuum') as autovacuum`.execute(db);
  const s = settings.rows[0];
  if (s === undefined) return 'PostgreSQL';
  const version = s.version.split(' ')[0];
  return (
    `PostgreSQL ${version} (fsync ${s.fsync}, synchronous_commit ${s.sync}, shared_buffers ${s.buffers}, ` +
    `autovacuum ${s.autovacuum})`
  );
}

async function runLedgerAndPgbench(cfg: LedgerConfig): Promise<LedgerOutcome> {
  console.log(`ledger: fresh database ${LEDGER_DATABASE}, ${cfg.members} members`);
  await recreateDatabase(LEDGER_DATABASE);
  const url = pgUrl(LEDGER_DATABASE);
  const admin = connectPostgres({ url, poolSize: 2 });
  try {
    await prepareLedger(admin);
    const members = await createMembers(admin, cfg.members);
    await fundWallets(
      admin,
      members.map((m) => m.walletId),
      FUNDING,
    );
    await analyze(admin);
    const postgres = await describePostgres(admin);
    console.log(`ledger: ${members.length} wallets funded with KES 1,000,000 each; ${postgres}`);

    console.log(`pgbench: fresh database ${PGBENCH_DATABASE}, pgbench -i -s ${cfg.pgbenchScale}`);
    await initPgbench(cfg.pgbench, PGBENCH_DATABASE, cfg.pgbenchScale);

    const memberIds = members.map((m) => m.memberId);
    const runTag = `${process.pid}-${Date.now().toString(36)}`;
    const rows: LedgerRow[] = [];
    let acknowledged = 0;
    let errors = 0;
    const errorSamples: string[] = [];
    for (const clients of cfg.clients) {
      // pgbench vacuums its tables before every run; the ledger's get the same.
      await analyze(admin);
      const entries = await admin
        .selectFrom('journal_entries')
        .select(admin.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      // A direct connection: the transfer call is prepared once per connection (DATABASE_PREPARED_STATEMENTS=on).
      const db = connectPostgres({ url, poolSize: clients + 2, preparedStatements: true });
      const money = createMoneyService({ db, currency: CURRENCY, limits: BENCH_LIMITS });
      let ledger: TransferRunResult;
      try {
        const options = { money, members: memberIds, clients };
        const warm = await runTransfers({
          ...options,
          seconds: cfg.warmupSeconds,
          keyPrefix: `bench:${runTag}:c${clients}:warm-up`,
        });
        console.log(ledgerLine('warm-up', warm));
        ledger = await runTransfers({ ...options, seconds: cfg.seconds, keyPrefix: `bench:${runTag}:c${clients}` });
        console.log(ledgerLine('run', ledger));
        for (const r of [warm, ledger]) {
          acknowledged += r.completed;
          errors += r.errors;
          errorSamples.push(...r.errorSamples);
        }
      } finally {
        await db.destroy();
      }

      await runPgbench(cfg.pgbench, PGBENCH_DATABASE, clients, cfg.warmupSeconds);
      const pgbench = await runPgbench(cfg.pgbench, PGBENCH_DATABASE, clients, cfg.seconds);
      console.log(
        `run      pgbench ${String(clients).padStart(2)} clients ${Math.round(pgbench.tps).toString().padStart(6)} tps          ` +
          `latency avg ${pgbench.latencyAvgMs.toFixed(1)} ms  CPU µs/txn pgbench ${Math.round(pgbench.clientCpuMicrosPerTxn)} ` +
          `PostgreSQL ${Math.round(pgbench.postgresCpuMicrosPerTxn)}  CPU busy ${Math.round(pgbench.machineBusy * 100)}%  ` +
          `failed ${pgbench.failed}  -> ratio ${(ledger.transfersPerSec / pgbench.tps).toFixed(2)}`,
      );
      rows.push({ ledger, pgbench, entriesAtStart: Number(entries.n) });
    }

    console.log('ledger: checking the invariants');
    const invariants = await checkLedger(admin, { transfers: acknowledged });
    const postings = await admin
      .selectFrom('postings')
      .innerJoin('accounts', 'accounts.id', 'postings.account_id')
      .select(admin.fn.countAll<string>().as('n'))
      .where('accounts.kind', '=', 'wallet')
      .executeTakeFirstOrThrow();
    const outflow = await probeOutflowCheck(admin, members[0]?.walletId as string);
    console.log(
      `ledger: daily-outflow check at the end: ${outflow.outflowMs.toFixed(2)} ms per call ` +
        `(one-row select ${outflow.pointSelectMs.toFixed(2)} ms), ${outflow.entriesToday} entries today`,
    );
    return {
      outflow,
      rows,
      acknowledged,
      errors,
      errorSamples: errorSamples.slice(0, 5),
      invariants,
      postgres,
      postingsPerWallet: Number(postings.n) / members.length,
    };
  } finally {
    await admin.destroy();
  }
}

async function main(): Promise<number> {
  const cfg = readLedgerConfig();
  console.log(
    `bench:ledger: clients ${cfg.clients.join(', ')}; ${cfg.warmupSeconds} s warm-up + ${cfg.seconds} s each for ` +
      `the ledger and pgbench; part 3 (USSD send-money) ${cfg.ussd ? 'on' : 'off (BENCH_LEDGER_USSD=1 to run it)'}`,
  );
  const background = await backgroundLoad();
  console.log(
    `machine: ${Math.round(background * 100)}% of all cores busy over ${BACKGROUND_SAMPLE_MS / 1000} s before the bench`,
  );
  if (background > 0.2)
    console.log('machine: WARNING, other work is running: read the ratios, not the absolute numbers');
  const outcome = await runLedgerAndPgbench(cfg);

  let ussd: UssdJourneyResult | undefined;
  let ussdError: string | undefined;
  if (cfg.ussd) {
    try {
      ussd = await runSendMoneyJourney(cfg);
    } catch (error) {
      ussdError = error instanceof Error ? error.message : String(error);
    }
  }

  const goal = evaluateGoal(outcome.rows);
  const markdown = renderLedgerMarkdown({
    cfg,
    rows: outcome.rows,
    goal,
    background,
    postingsPerWallet: outcome.postingsPerWallet,
    outflow: outcome.outflow,
    postgres: outcome.postgres,
    invariants: outcome.invariants,
    ussd,
    ussdError,
  });
  console.log(`\n${markdown}`);
  mkdirSync(join(benchDir, 'results'), { recursive: true });
  writeFileSync(RESULTS_FILE, markdown);
  console.log(`written to ${RESULTS_FILE}\n`);
  console.log(goalLine(goal).replaceAll('**', ''));
  console.log(`(${WHY_HEAVIER.split('. ')[0]}: see the notes above.)`);

  let failed = false;
  if (!holds(outcome.invariants)) {
    console.error('\nLEDGER INVARIANTS VIOLATED (see above)');
    failed = true;
  }
  if (outcome.errors > 0) {
    console.error(`\n${outcome.errors} TRANSFERS FAILED unexpectedly:\n  ${outcome.errorSamples.join('\n  ')}`);
    failed = true;
  }
  if (cfg.ussd) {
    if (ussd === undefined) {
      console.error(`\nUSSD send-money part failed: ${ussdError}`);
      failed = true;
    } else {
      if (ussd.errors + ussd.non2xx + ussd.mismatches > 0) {
        console.error(
          `\nWRONG REPLIES in the USSD send-money part: ${ussd.errors} errors, ${ussd.non2xx} non-2xx, ` +
            `${ussd.mismatches} unexpected texts:\n  ${ussd.mismatchSamples.join('\n  ')}`,
        );
        failed = true;
      }
      if (!holds(ussd.invariants)) {
        console.error('\nLEDGER INVARIANTS VIOLATED in the service database (see above)');
        failed = true;
      }
    }
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`\nbench:ledger failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
