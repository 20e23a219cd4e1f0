/**
 * Part 3 of `pnpm bench:ledger`: the USSD send-money journey end to end under autocannon,
 * on the built service, counting the transfers it completes. Off unless BENCH_LEDGER_USSD=1.
 * Every screen of SEND_MONEY_FLOW is checked; the PIN hop runs scrypt on the service's bounded
 * hashing pool, which may answer "busy" or "still working" under load: such a session is
 * counted as shed and abandoned (the connection dials again), never as a wrong reply.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execPath } from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectPostgres, type Database } from '@sacco/bank';
import { walletIdOf } from '@sacco/bank/testing';
import type { Kysely } from 'kysely';
import { runLoad } from '../autocannon-run.js';
import { recreateDatabase } from '../bench-db.js';
import type { Flow } from '../flow.js';
import { freePort } from '../free-port.js';
import { pgUrl } from '../infra.js';
import { repoRoot } from '../paths.js';
import { readCpuMicros } from '../proc-cpu.js';
import { runCommand } from '../run-command.js';
import { benchPhones, createSessionSource, type SessionIdentity } from '../sessions.js';
import { type RunningServer, startServer } from '../spawn-server.js';
import { percentile } from '../stats.js';
import { REGISTRATION_FLOW, SERVER_ENTRY, SERVICE_ENV, UNSET_ENV, USSD_PATH } from '../targets/service.js';
import { driveSession } from '../ussd-client.js';
import type { LedgerConfig } from './config.js';
import { checkLedger, type Invariant } from './invariants.js';
import { fundWallets, prepareLedger } from './seed.js';

/** The service's own database for this part, apart from the ledger runs' and from bench:hops'. */
export const USSD_DATABASE = 'sacco_bench_ledger_ussd';

/** Replaced, per session, by the recipient's local number (e.g. 0711000002). */
export const RECIPIENT = '{to}';

/**
 * The PIN every bench member registered with (REGISTRATION_FLOW in targets/service.ts).
 * Registration hashes it with the service's PIN_SCRYPT_COST, left at its default (N=16384),
 * and verification uses the N stored in the hash: the PIN hop below costs one scrypt of tens
 * of milliseconds of CPU per transfer, which is the dominant cost of this journey on purpose.
 */
const PIN = '4826';

// The send-money journey as a member walks it, every screen checked exactly. `{to}` is the
// recipient's local number; the harness picks the next member of the pool, so a sender never
// pays itself and the transfers spread over all wallets (a fixed recipient would make one
// wallet row the bottleneck).
export const SEND_MONEY_FLOW: Flow = [
  { text: '', expect: /^CON Welcome, \w+\n1\. Deposit\n2\. Withdraw\n3\. Send money\n/ },
  { text: '3', expect: /^CON Send money\nEnter the recipient's phone number:$/ },
  { text: `3*${RECIPIENT}`, expect: /^CON Enter amount to send to \+254\d{9}:$/ },
  { text: `3*${RECIPIENT}*100`, expect: /^CON Enter your PIN to send KES 100\.00 to \+254\d{9}:$/ },
  // The recipient is named only once the PIN is right.
  {
    text: `3*${RECIPIENT}*100*${PIN}`,
    expect: /^CON Send KES 100\.00 to \w+ \(\+254\d{9}\)\?\n1\. Confirm\n2\. Cancel$/,
  },
  // The hop that moves the money (and checks the PIN's scrypt hash on the hop before).
  { text: `3*${RECIPIENT}*100*${PIN}*1`, expect: /^END Sent KES 100\.00 to \w+\. New balance: KES [\d,]+\.\d\d\.$/ },
];

// KES 1,000,000 per member: far more than any run can send at KES 100 a transfer.
const FUNDING = 100_000_000n;
/** The service's own answers when its PIN hashing pool sheds load or a hop passes its deadline. */
const SHED = /^(CON|END) (We are busy right now|We are still working on your request)/;

// Time for hops still in flight when autocannon stops to finish before the journal is counted.
const SETTLE_MS = 1_000;

export interface UssdJourneyResult {
  connections: number;
  members: number;
  seconds: number;
  /** `transfer` entries written during the measured run (journal count after minus before). */
  transfers: number;
  transfersPerSec: number;
  /** Sessions whose last hop answered as expected within the run. */
  journeysCompleted: number;
  /** The last hop (the one that moves money), p50/p99 ms. */
  moneyHopP50Ms: number;
  moneyHopP99Ms: number;
  /** First hop sent to last reply, completed journeys only. */
  journeyP50Ms: number;
  journeyP99Ms: number;
  /** Every hop, from autocannon's histogram. */
  hopP50Ms: number;
  hopP99Ms: number;
  errors: number;
  non2xx: number;
  mismatches: number;
  /** Sessions abandoned on a "busy" or "still working" answer (the bounded PIN pool shedding). */
  shed: number;
  mismatchSamples: string[];
  serverCpuMicrosPerTransfer: number;
  invariants: Invariant[];
}

/** +254711000002 -> 0711000002, as a member types a Kenyan number. */
const localNumber = (phone: string) => (phone.startsWith('+254') ? `0${phone.slice(4)}` : phone);

async function transferCount(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('journal_entries')
    .select(db.fn.countAll<string>().as('n'))
    .where('kind', '=', 'transfer')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function registerAndFund(db: Kysely<Database>, url: string, phones: readonly string[]): Promise<void> {
  for (const [i, phoneNumber] of phones.entries()) {
    await driveSession(
      url,
      { sessionId: `ATUid_bench-ledger-register-${Date.now()}-${i}`, phoneNumber },
      REGISTRATION_FLOW,
    );
  }
  const members = await db
    .selectFrom('members')
    .select('id')
    .where('phone', 'in', [...phones])
    .execute();
  if (members.length !== phones.length) throw new Error(`registered ${phones.length}, found ${members.length}`);
  await fundWallets(db, await Promise.all(members.map((m) => walletIdOf(db, m.id))), FUNDING);
  console.log(`ussd: registered ${phones.length} members through the service, each funded KES 1,000,000`);
}

export async function runSendMoneyJourney(cfg: LedgerConfig): Promise<UssdJourneyResult> {
  if (cfg.ussdMembers < 2) throw new Error('BENCH_LEDGER_USSD_MEMBERS must be at least 2');
  if (cfg.ussdMembers < 2 * cfg.ussdConnections) {
    console.log(
      `ussd: WARNING, ${cfg.ussdMembers} members for ${cfg.ussdConnections} connections: one phone may be in two ` +
        'sessions at once, and concurrent PIN checks of one member can lock it',
    );
  }
  const phones = benchPhones(cfg.ussdMembers);
  const recipientOf = new Map(
    phones.map((phone, i) => [phone, localNumber(phones[(i + 1) % phones.length] as string)]),
  );
  const render = (text: string, who: SessionIdentity) =>
    text.replaceAll(RECIPIENT, recipientOf.get(who.phoneNumber) ?? '');

  if (!cfg.skipBuild) {
    console.log('ussd: pnpm build');
    await runCommand('pnpm', ['build'], { cwd: repoRoot });
  }
  if (!existsSync(join(repoRoot, SERVER_ENTRY))) {
    throw new Error(`ussd: ${SERVER_ENTRY} is missing (build it, or unset BENCH_SKIP_BUILD)`);
  }
  console.log(`ussd: fresh database ${USSD_DATABASE}`);
  await recreateDatabase(USSD_DATABASE);
  const db = connectPostgres({ url: pgUrl(USSD_DATABASE), poolSize: 4 });
  let server: RunningServer | undefined;
  try {
    await prepareLedger(db);
    const port = await freePort();
    server = await startServer(
      'service',
      {
        command: execPath,
        args: [SERVER_ENTRY],
        cwd: repoRoot,
        // As bench:hops runs it (PIN_SCRYPT_COST left at its default), on its own database and keys.
        env: {
          ...SERVICE_ENV,
          DATABASE_URL: pgUrl(USSD_DATABASE),
          REDIS_KEY_PREFIX: 'bench:ledger:',
          // The PIN pool's and the hop deadline's knobs, when set, as bench:storm passes them.
          ...Object.fromEntries(
            Object.entries(process.env).filter(
              (entry): entry is [string, string] =>
                (entry[0].startsWith('PIN_HASH_') || entry[0] === 'HOP_DEADLINE_MS') && entry[1] !== undefined,
            ),
          ),
          // Posted without a token, as behind an authenticating ingress.
          WEBHOOK_TOKEN_OPTIONAL: 'ingress',
          PORT: String(port),
        },
        unsetEnv: UNSET_ENV,
        readyPath: '/readyz',
      },
      port,
    );
    const url = `${server.baseUrl}${USSD_PATH}`;
    await registerAndFund(db, url, phones);

    const nextSession = createSessionSource('ledger-ussd', phones);
    const first = nextSession();
    try {
      const replies = await driveSession(
        url,
        first,
        SEND_MONEY_FLOW.map((step) => ({ ...step, text: render(step.text, first) })),
      );
      // The real screens, to tighten SEND_MONEY_FLOW's regexes from.
      for (const [i, reply] of replies.entries()) {
        console.log(
          `ussd: ${JSON.stringify(render(SEND_MONEY_FLOW[i]?.text ?? '', first))} -> ${JSON.stringify(reply)}`,
        );
      }
    } catch (error) {
      throw new Error(
        `the service did not answer as SEND_MONEY_FLOW expects (has the send-money journey landed?): ` +
          (error as Error).message,
      );
    }
    console.log('ussd: one send-money journey answered as expected');

    const load = { url, flow: SEND_MONEY_FLOW, nextSession, render, connections: cfg.ussdConnections, shed: SHED };
    await runLoad({ ...load, seconds: cfg.warmupSeconds });
    await sleep(SETTLE_MS);

    const moneyHop: number[] = [];
    const journeys: number[] = [];
    const last = SEND_MONEY_FLOW.length - 1;
    const before = await transferCount(db);
    const cpuBefore = readCpuMicros(server.pid);
    const result = await runLoad({
      ...load,
      seconds: cfg.seconds,
      onReply(reply) {
        if (reply.step !== last || !reply.ok) return;
        moneyHop.push(reply.hopMs);
        journeys.push(reply.sessionMs);
      },
    });
    await sleep(SETTLE_MS);
    const cpuMicros = readCpuMicros(server.pid) - cpuBefore;
    const transfers = (await transferCount(db)) - before;

    const money = Float64Array.from(moneyHop).sort();
    const whole = Float64Array.from(journeys).sort();
    return {
      connections: cfg.ussdConnections,
      members: phones.length,
      seconds: cfg.seconds,
      transfers,
      transfersPerSec: transfers / cfg.seconds,
      journeysCompleted: journeys.length,
      moneyHopP50Ms: percentile(money, 50),
      moneyHopP99Ms: percentile(money, 99),
      journeyP50Ms: percentile(whole, 50),
      journeyP99Ms: percentile(whole, 99),
      hopP50Ms: result.p50Ms,
      hopP99Ms: result.p99Ms,
      errors: result.errors,
      non2xx: result.non2xx,
      mismatches: result.mismatches,
      shed: result.shed,
      mismatchSamples: result.mismatchSamples,
      serverCpuMicrosPerTransfer: transfers > 0 ? cpuMicros / transfers : Number.NaN,
      invariants: await checkLedger(db),
    };
  } finally {
    await server?.stop();
    await db.destroy();
  }
}
