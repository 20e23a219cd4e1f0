import { cpus } from 'node:os';
import { markdownTable } from '../markdown-table.js';
import type { LedgerConfig } from './config.js';
import type { Invariant } from './invariants.js';
import type { OutflowProbe } from './outflow-probe.js';
import type { PgbenchResult } from './pgbench.js';
import type { TransferRunResult } from './transfer-load.js';
import type { UssdJourneyResult } from './ussd-send-money.js';

/** One client count: the ledger run and the pgbench run right after it. */
export interface LedgerRow {
  ledger: TransferRunResult;
  pgbench: PgbenchResult;
  /** Journal entries before this client count's warm-up (the ledger grows through the bench). */
  entriesAtStart: number;
}

export interface GoalResult {
  detail: string;
  /** undefined when no client count of 8 or more was run. */
  pass: boolean | undefined;
}

export const GOAL_RATIO = 0.5;
export const GOAL_MIN_CLIENTS = 8;

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
const pct = (n: number) => (Number.isFinite(n) ? `${Math.round(n * 100)}%` : 'n/a');
const ratioOf = (row: LedgerRow) => row.ledger.transfersPerSec / row.pgbench.tps;

/** Ledger transfers/s at least half of pgbench's TPC-B tps at every client count of 8 or more. */
export function evaluateGoal(rows: readonly LedgerRow[]): GoalResult {
  const judged = rows.filter((r) => r.ledger.clients >= GOAL_MIN_CLIENTS);
  if (judged.length === 0) return { detail: `n/a (no run at ${GOAL_MIN_CLIENTS}+ clients)`, pass: undefined };
  const detail = judged.map((r) => `${ratioOf(r).toFixed(2)} at ${r.ledger.clients}`).join(', ');
  return { detail, pass: judged.every((r) => ratioOf(r) >= GOAL_RATIO) };
}

export const verdict = (goal: GoalResult) => (goal.pass === undefined ? '-' : goal.pass ? 'PASS' : 'MISS');

export function goalLine(goal: GoalResult): string {
  return `Goal: ledger transfers/s >= ${GOAL_RATIO} x pgbench tps at ${GOAL_MIN_CLIENTS}+ clients: ${goal.detail} -> **${verdict(goal)}**`;
}

export function invariantLines(title: string, invariants: readonly Invariant[]): string[] {
  const lines = [`${title}:`, ''];
  for (const i of invariants) {
    lines.push(`- ${i.count === 0 ? 'ok' : `**VIOLATED** (${i.count})`}: ${i.name}`);
    for (const v of i.violations) lines.push(`  - ${v}`);
  }
  return lines;
}

export const WHY_HEAVIER =
  'A ledger transfer is heavier than a TPC-B transaction. pgbench sends 7 prepared statements from a C ' +
  'client (begin, 3 updates, 1 select, 1 insert into an unindexed table, end). `transfer()` sends one ' +
  'statement from node through Kysely and pg, `select * from ledger_transfer(...)` (a named prepared ' +
  'statement, planned once per connection), in its own transaction; the PL/pgSQL function (plans cached per ' +
  'connection, sequential scans off) runs 11 statements: the sender, the recipient, both wallets locked in ' +
  'id order, the journal entry, its two postings (two foreign-key checks each, and the trigger that adds ' +
  'the sender’s posting to its hourly outflow counter), two guarded balance updates, the daily outflow ' +
  'read from those counters, both SMS outbox rows; at commit the deferred trigger sums the postings of the ' +
  'entry once per posting. It writes 8 rows (entry, 2 postings, 2 balances, the outflow counter, 2 outbox ' +
  'rows) into tables with 1 to 4 indexes each, against TPC-B’s 4 rows. The node process running the ' +
  'transfers shares the two cores with PostgreSQL (see the CPU table), where pgbench’s C client costs little.';

export function renderLedgerMarkdown(options: {
  cfg: LedgerConfig;
  rows: readonly LedgerRow[];
  goal: GoalResult;
  /** Share of all cores busy before the bench started (other work on the machine). */
  background: number;
  postingsPerWallet: number;
  outflow: OutflowProbe;
  postgres: string;
  invariants: readonly Invariant[];
  ussd: UssdJourneyResult | undefined;
  ussdError: string | undefined;
}): string {
  const { cfg, rows, goal } = options;
  const cpuModel = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const lines = [
    `### Ledger transfers, ${new Date().toISOString().slice(0, 10)}`,
    '',
    `${cpus().length} cores (${cpuModel}), Node ${process.version}, ${options.postgres}; everything on the ` +
      `same machine. ${cfg.members} funded wallets; per client count, ${cfg.warmupSeconds} s warm-up then ` +
      `${cfg.seconds} s of ledger transfers, then the same for pgbench (TPC-B-like, scale ${cfg.pgbenchScale}, ` +
      '`-M prepared`, `-j min(clients, 2)`). transfers/s: completed transfers over the run; p50/p99: every ' +
      'transfer timed with performance.now(); pgbench tps: without initial connection time. Before the ' +
      `bench, ${pct(options.background)} of the cores were already busy with other work.`,
    '',
    markdownTable(
      ['clients', 'ledger transfers/s', 'p50 ms', 'p99 ms', 'pgbench tps', 'ratio ledger/pgbench'],
      ['right', 'right', 'right', 'right', 'right', 'right'],
      rows.map((r) => [
        String(r.ledger.clients),
        int(r.ledger.transfersPerSec),
        ms(r.ledger.p50Ms),
        ms(r.ledger.p99Ms),
        int(r.pgbench.tps),
        ratioOf(r).toFixed(2),
      ]),
    ),
    '',
    goalLine(goal),
    '',
    markdownTable(
      [
        'clients',
        'entries at start',
        'transfers',
        'insufficient funds',
        'errors',
        'max ms',
        'pgbench txns',
        'failed',
        'pgbench avg ms',
      ],
      ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
      rows.map((r) => [
        String(r.ledger.clients),
        int(r.entriesAtStart),
        int(r.ledger.completed),
        String(r.ledger.insufficientFunds),
        String(r.ledger.errors),
        ms(r.ledger.maxMs),
        int(r.pgbench.transactions),
        String(r.pgbench.failed),
        ms(r.pgbench.latencyAvgMs),
      ]),
    ),
    '',
    'Where the CPU goes, µs per transfer or per pgbench transaction: the client process (node running ' +
      '`transfer()`, or pgbench) and the PostgreSQL server (all its processes, from `/proc`; other ' +
      'databases of the same server would count too), and how busy both cores were during the run.',
    '',
    markdownTable(
      [
        'clients',
        'ledger: node',
        'ledger: PostgreSQL',
        'pgbench: client',
        'pgbench: PostgreSQL',
        'PostgreSQL ledger/pgbench',
        'CPU busy ledger',
        'CPU busy pgbench',
      ],
      ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
      rows.map((r) => [
        String(r.ledger.clients),
        int(r.ledger.clientCpuMicrosPerTransfer),
        int(r.ledger.postgresCpuMicrosPerTransfer),
        int(r.pgbench.clientCpuMicrosPerTxn),
        int(r.pgbench.postgresCpuMicrosPerTxn),
        `${(r.ledger.postgresCpuMicrosPerTransfer / r.pgbench.postgresCpuMicrosPerTxn).toFixed(1)}x`,
        pct(r.ledger.machineBusy),
        pct(r.pgbench.machineBusy),
      ]),
    ),
    '',
    WHY_HEAVIER,
    '',
    'The daily-outflow check of every transfer (`wallet_outflow_since`: the sender’s hourly outflow counters ' +
      'since local midnight, kept by a trigger on postings) does not grow with the day’s movements: timed ' +
      `alone at the end (${int(options.outflow.entriesToday)} entries today, ` +
      `${int(options.postingsPerWallet)} postings per wallet) it took ${options.outflow.outflowMs.toFixed(2)} ms ` +
      `per call against ${options.outflow.pointSelectMs.toFixed(2)} ms for a one-row select on the same ` +
      'connection (the bench’s wallets move far more in a day than a member’s).',
    '',
    ...invariantLines('Ledger invariants after the runs', options.invariants),
    '',
    ...ussdLines(cfg, options.ussd, options.ussdError),
  ];
  return `${lines.join('\n')}\n`;
}

function ussdLines(cfg: LedgerConfig, ussd: UssdJourneyResult | undefined, error: string | undefined): string[] {
  const title = '#### USSD send-money journey (BENCH_LEDGER_USSD=1)';
  if (!cfg.ussd) {
    return [
      title,
      '',
      'Not run (`BENCH_LEDGER_USSD=1` runs it): the built service driven through `SEND_MONEY_FLOW` in ' +
        '`bench/src/ledger/ussd-send-money.ts`.',
    ];
  }
  if (ussd === undefined) return [title, '', `Failed: ${error ?? 'unknown error'}`];
  return [
    title,
    '',
    `The built service, ${ussd.members} members registered through USSD (PIN_SCRYPT_COST at its default, ` +
      `N=16384: one scrypt per transfer at the PIN hop, on the bounded hashing pool; a "busy" or "still ` +
      `working" answer abandons the session and is counted as shed), autocannon with ${ussd.connections} connections for ` +
      `${ussd.seconds} s after ${cfg.warmupSeconds} s warm-up. Transfers: journal entries of kind ` +
      '`transfer` written during the run. Money hop: the last hop, which moves the money; journey: first hop ' +
      'sent to last reply.',
    '',
    markdownTable(
      [
        'transfers/s',
        'transfers',
        'journeys completed',
        'money hop p50/p99 ms',
        'journey p50/p99 ms',
        'any hop p50/p99 ms',
        'server CPU µs/transfer',
        'busy/late (shed)',
        'errors',
        'non-2xx',
        'wrong replies',
      ],
      ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
      [
        [
          int(ussd.transfersPerSec),
          int(ussd.transfers),
          int(ussd.journeysCompleted),
          `${ms(ussd.moneyHopP50Ms)} / ${ms(ussd.moneyHopP99Ms)}`,
          `${ms(ussd.journeyP50Ms)} / ${ms(ussd.journeyP99Ms)}`,
          `${ms(ussd.hopP50Ms)} / ${ms(ussd.hopP99Ms)}`,
          int(ussd.serverCpuMicrosPerTransfer),
          String(ussd.shed),
          String(ussd.errors),
          String(ussd.non2xx),
          String(ussd.mismatches),
        ],
      ],
    ),
    '',
    ...invariantLines('Ledger invariants of the service database after the journey', ussd.invariants),
  ];
}
