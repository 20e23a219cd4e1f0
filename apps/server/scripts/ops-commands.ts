import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  createOperationsService,
  createSuspenseService,
  type Database,
  formatMoney,
  localDate,
  localDayWindow,
  type ReconciliationReport,
  SuspenseClearError,
} from '@sacco/bank';
import type { Config } from '@sacco/config';
import { createRedisSessionBackend } from '@sacco/ussd';
import type { Kysely } from 'kysely';
import { forgetCallerCard } from '../src/caller-cards.js';
import { createDomain } from '../src/domain.js';
import { normalisePhone } from '../src/phone.js';
import { createRedisClient, openDatabase } from '../src/runtime.js';

export const USAGE = `pnpm ops <command> [options]: operations on the configured database (DATABASE_URL, or the embedded one)

Commands:
  payments:doubt                       open payments in doubt or waiting for an operator, oldest first
  suspense:list                        journal entries posted to suspense, each with its clearing, and the
                                       suspense balance
  suspense:clear <entryId> member|write-off|reverse --reason "..." [--actor NAME]
                                       clears one suspense entry, once, audited: member credits money received
                                       for the member to their wallet, or takes money to recover back from it
                                       (refused if the wallet holds too little); write-off books money to
                                       recover as a loss; reverse undoes a contradiction the provider's
                                       statement does not show (the only choice while two offset each other);
                                       the member gets an SMS when their wallet moves
  results:unmatched [--days N]         provider results that matched no request, newest first (default 7 days)
        [--suspicious]                 also those that did not fit the payment they named
  payments:resolve <paymentId> succeeded|failed --reason "..." [--receipt R] [--actor NAME]
                                       (--receipt is required with succeeded)
                                       an operator's decision on an open payment, audited; the ledger moves
                                       as a provider's result would (actor: $SUDO_USER, $USER or "operator")
  reconcile [--date YYYY-MM-DD] [--out FILE]
                                       the reconciliation of a local day (default yesterday): the ledger against
                                       every provider result; discrepancies first; --out writes the JSON report
  members:reset-pin <phone> --reason "..." [--actor NAME]
                                       a one-time PIN by SMS, working PIN_RESET_MINUTES, to be changed on the
                                       next dial; lifts any lock; audited
  members:unlock <phone> --reason "..." [--actor NAME]
                                       lifts a wrong-PIN lock at once; audited

Options:
  --json                               machine-readable output (amounts in minor units, as strings)
  --help                               this text

Exit codes: 0 done (a report with discrepancies too), 1 refused (unknown or settled payment, unknown member), 2 bad usage.`;

interface Io {
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

class UsageError extends Error {}
class Refused extends Error {}

/** JSON with bigints as strings (dates become ISO strings by themselves). */
export const toJson = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Aligned columns, a header line first. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

const time = (at: Date) => at.toISOString().replace('T', ' ').slice(0, 19);
const signed = (amount: bigint, currency: string) => (amount > 0n ? '+' : '') + formatMoney(amount, currency);

/**
 * Runs one command; answers the exit code. `config` is loaded only when a command needs the
 * database, so `--help` works anywhere.
 */
export async function runOps(argv: readonly string[], io: Io, config: () => Readonly<Config>): Promise<number> {
  const print = (text: string) => io.stdout.write(`${text}\n`);
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help === true || command === 'help') {
    print(USAGE);
    return 0;
  }
  if (command === undefined || !(command in COMMANDS)) {
    io.stderr.write(`${command === undefined ? 'no command' : `unknown command: ${command}`}\n\n${USAGE}\n`);
    return 2;
  }

  let db: Kysely<Database> | undefined;
  try {
    const loaded = config();
    db = await openDatabase(loaded);
    await COMMANDS[command as keyof typeof COMMANDS]({ db, config: loaded, values, rest, io, print });
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    io.stderr.write(`${error instanceof Refused ? '' : 'error: '}${(error as Error).message}\n`);
    return 1;
  } finally {
    await db?.destroy();
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      json: { type: 'boolean' },
      days: { type: 'string' },
      suspicious: { type: 'boolean' },
      reason: { type: 'string' },
      receipt: { type: 'string' },
      actor: { type: 'string' },
      date: { type: 'string' },
      out: { type: 'string' },
    },
  });
}

interface Context {
  readonly db: Kysely<Database>;
  readonly config: Readonly<Config>;
  readonly values: ReturnType<typeof parse>['values'];
  readonly rest: readonly string[];
  readonly io: Io;
  readonly print: (text: string) => void;
}

const COMMANDS = {
  async 'payments:doubt'({ db, values, print }: Context) {
    const payments = await createOperationsService({ db }).paymentsInDoubt();
    if (values.json === true) {
      print(toJson(payments));
      return;
    }
    if (payments.length === 0) {
      print('No payment in doubt or waiting for an operator.');
      return;
    }
    print(
      table(
        ['id', 'kind', 'amount', 'phone', 'status', 'operator', 'checks', 'created (UTC)', 'doubt reason'],
        payments.map((p) => [
          p.id,
          p.kind,
          formatMoney(p.amount, p.currency),
          p.phone,
          p.status,
          p.needsOperator ? 'NEEDED' : '-',
          String(p.checks),
          time(p.createdAt),
          p.doubtReason ?? '',
        ]),
      ),
    );
    print(
      `\n${payments.length} payment(s); decide one with: pnpm ops payments:resolve <id> succeeded|failed --reason "..."`,
    );
  },

  async 'suspense:list'({ db, values, print }: Context) {
    const { entries, balances } = await createOperationsService({ db }).suspenseLedger();
    if (values.json === true) {
      print(toJson({ entries, balances }));
      return;
    }
    if (entries.length === 0) print('No entry has posted to suspense.');
    else {
      const clearing = (e: (typeof entries)[number]) =>
        e.clears !== undefined
          ? `clears ${e.clears}`
          : e.clearedBy === undefined
            ? 'OPEN'
            : `cleared to ${e.clearedBy.clearedTo} by ${e.clearedBy.actor} ${time(e.clearedBy.clearedAt)}`;
      print(
        table(
          ['entry', 'time (UTC)', 'amount', 'clearing', 'memo'],
          entries.map((e) => [e.entryId, time(e.at), signed(e.amount, e.currency), clearing(e), e.memo]),
        ),
      );
      const open = entries.filter((e) => e.clears === undefined && e.clearedBy === undefined).length;
      print(`\n${open} open; clear one with: pnpm ops suspense:clear <entry> member|write-off|reverse --reason "..."`);
    }
    // Debit-normal: positive is money to recover, negative is money received that belongs to someone.
    for (const { currency, balance } of balances) {
      print(`\nSuspense balance: ${formatMoney(balance, currency)} (positive: to recover; negative: owed to someone)`);
    }
  },

  async 'suspense:clear'({ db, config, values, rest, io, print }: Context) {
    const [entryId, to, ...extra] = rest;
    if (entryId === undefined || (to !== 'member' && to !== 'write-off' && to !== 'reverse') || extra.length > 0) {
      throw new UsageError('suspense:clear <entryId> member|write-off|reverse --reason "..."');
    }
    const { reason, actor } = auditOf({ values, io }, 'suspense:clear');
    const suspense = createSuspenseService({ db, supportPhone: config.SUPPORT_PHONE });
    let cleared: Awaited<ReturnType<typeof suspense.clear>>;
    try {
      cleared = await suspense.clear({ entryId, to, actor, reason });
    } catch (error) {
      if (error instanceof SuspenseClearError) throw new Refused(`${error.message}; nothing done`);
      throw error;
    }
    if (values.json === true) {
      print(toJson({ ...cleared, actor, reason }));
      return;
    }
    const amount = formatMoney(cleared.amount, cleared.currency);
    const what = {
      'credited-to-member': `${amount} credited to the member's wallet`,
      'recovered-from-member': `${amount} taken back from the member's wallet`,
      'written-off': `${amount} written off as a loss`,
      reversed: `${amount} reversed against the provider's account`,
    }[cleared.movement];
    const balance =
      cleared.walletBalance === undefined
        ? ''
        : ` Wallet balance now ${formatMoney(cleared.walletBalance, cleared.currency)}; the member is told by SMS.`;
    print(
      `Suspense entry ${cleared.entryId} (payment ${cleared.paymentId}) cleared by ${actor}: ${what} ` +
        `(entry ${cleared.clearingEntryId}).${balance}`,
    );
  },

  async 'results:unmatched'({ db, config, values, print }: Context) {
    const days = values.days === undefined ? 7 : Number(values.days);
    if (!Number.isInteger(days) || days < 1) throw new UsageError(`--days: a whole number of days, not ${values.days}`);
    const results = await createOperationsService({ db }).unmatchedResults({
      since: new Date(Date.now() - days * 86_400_000),
      suspicious: values.suspicious === true,
    });
    if (values.json === true) {
      print(toJson(results));
      return;
    }
    const what = values.suspicious === true ? 'unmatched or suspicious' : 'unmatched';
    if (results.length === 0) {
      print(`No ${what} provider result in the last ${days} day(s).`);
      return;
    }
    print(
      table(
        [
          'id',
          'received (UTC)',
          'outcome',
          'source',
          'operation',
          'provider id',
          'result',
          'amount',
          'phone',
          'detail',
        ],
        results.map((r) => [
          r.id,
          time(r.receivedAt),
          r.outcome,
          r.source,
          r.operation,
          r.providerRequestId ?? '',
          r.succeeded === null ? '?' : r.succeeded ? 'success' : 'failure',
          r.amount === null ? '' : formatMoney(r.amount, config.CURRENCY),
          r.phone ?? '',
          r.detail,
        ]),
      ),
    );
    print(`\n${results.length} ${what} result(s) in the last ${days} day(s).`);
  },

  async 'payments:resolve'({ db, config, values, rest, io, print }: Context) {
    const [paymentId, status, ...extra] = rest;
    if (paymentId === undefined || (status !== 'succeeded' && status !== 'failed') || extra.length > 0) {
      throw new UsageError('payments:resolve <paymentId> succeeded|failed --reason "..."');
    }
    const { reason, actor } = auditOf({ values, io }, 'payments:resolve');
    if (status === 'succeeded' && (values.receipt?.trim() ?? '') === '') {
      // The receipt on the provider's statement: the same receipt arriving later is then the same money.
      throw new UsageError('payments:resolve ... succeeded needs --receipt (from the provider statement)');
    }
    const before = UUID.test(paymentId)
      ? await db.selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirst()
      : undefined;
    if (before === undefined) throw new Refused(`unknown payment: ${paymentId}`);
    if (before.status !== 'pending' && before.status !== 'in_doubt') {
      throw new Refused(`payment ${paymentId} is not open: it is already ${before.status}; nothing done`);
    }
    const { money } = createDomain(config, db);
    let outcome: string;
    try {
      outcome = (
        await money.resolveByOperator(paymentId, {
          status,
          reason,
          actor,
          ...(values.receipt === undefined ? {} : { receipt: values.receipt }),
        })
      ).outcome;
    } catch (error) {
      // Settled (by a provider result) since it was read: the service says so, and nothing was done.
      if (error instanceof Error && /^payment .* is already |^no payment /.test(error.message)) {
        throw new Refused(`${error.message}; nothing done`);
      }
      throw error;
    }
    const after = await db
      .selectFrom('payments')
      .select(['status'])
      .where('id', '=', paymentId)
      .executeTakeFirstOrThrow();
    const result = {
      paymentId,
      kind: before.kind,
      amount: before.amount,
      currency: before.currency,
      from: before.status,
      decided: status,
      status: after.status,
      outcome,
      actor,
      reason,
      receipt: values.receipt ?? null,
    };
    if (values.json === true) {
      print(toJson(result));
      return;
    }
    print(
      `Payment ${paymentId} (${before.kind} ${formatMoney(before.amount, before.currency)}, ${before.phone}) ` +
        `resolved ${status} by ${actor}: ${outcome}; it was ${before.status}, it is ${after.status} now.`,
    );
  },

  async 'members:reset-pin'(context: Context) {
    const { member, actor, reason } = await memberOfOperation(context, 'members:reset-pin');
    const { members } = createDomain(context.config, context.db);
    const { expiresAt } = await members.resetPin({ memberId: member.id, actor, reason });
    // The next dial must ask the database (and find the reset), not greet from a caller card.
    await forgetCardOf(context.config, member.id);
    const result = { memberId: member.id, phone: member.phone, action: 'pin-reset', actor, reason, expiresAt };
    if (context.values.json === true) context.print(toJson(result));
    else {
      context.print(
        `One-time PIN sent by SMS to ${member.phone} (${member.full_name}) by ${actor}; it works until ` +
          `${time(expiresAt)} UTC and must be changed on the next dial. Any lock was lifted.`,
      );
    }
  },

  async 'members:unlock'(context: Context) {
    const { member, actor, reason } = await memberOfOperation(context, 'members:unlock');
    const { members } = createDomain(context.config, context.db);
    const { wasLocked } = await members.unlock({ memberId: member.id, actor, reason });
    await forgetCardOf(context.config, member.id);
    const result = { memberId: member.id, phone: member.phone, action: 'unlock', actor, reason, wasLocked };
    if (context.values.json === true) context.print(toJson(result));
    else {
      context.print(
        `${member.phone} (${member.full_name}) unlocked by ${actor}; ` +
          `${wasLocked ? 'it was locked' : 'it was not locked'}. The wrong-PIN count starts again.`,
      );
    }
  },

  async reconcile({ db, config, values, print }: Context) {
    const offset = config.UTC_OFFSET_MINUTES;
    const day = values.date ?? localDate(new Date(), offset, 1);
    let window: { from: Date; to: Date };
    try {
      window = localDayWindow(day, offset);
    } catch (error) {
      throw new UsageError(`--date: ${(error as Error).message}`);
    }
    const report = await createOperationsService({ db }).reconcile(window);
    const json = toJson({ date: day, utcOffsetMinutes: offset, ...report });
    if (values.out !== undefined) await writeFile(values.out, `${json}\n`);
    if (values.json === true) print(json);
    else print(describeReport(report, day, offset, config.CURRENCY));
    if (values.out !== undefined) print(`${values.json === true ? '' : '\n'}Report written to ${values.out}`);
  },
} satisfies Record<string, (context: Context) => Promise<void>>;

/** The `--reason` an audited command needs, and who runs it (`--actor`, else the login). */
function auditOf({ values, io }: Pick<Context, 'values' | 'io'>, command: string) {
  const reason = values.reason?.trim() ?? '';
  if (reason === '') throw new UsageError(`${command} refuses without --reason "why" (it is audited)`);
  if (values.actor !== undefined && values.actor.trim() === '') {
    throw new UsageError(`${command}: --actor names who decides (it is audited)`);
  }
  const actor = (values.actor || io.env.SUDO_USER?.trim() || io.env.USER?.trim() || 'operator').trim();
  return { reason, actor };
}

/** The member a members: command names, with its audited actor and reason. */
async function memberOfOperation({ db, config, values, rest, io }: Context, command: string) {
  const [raw, ...extra] = rest;
  if (raw === undefined || extra.length > 0) throw new UsageError(`${command} <phone> --reason "..."`);
  const { reason, actor } = auditOf({ values, io }, command);
  const phone = normalisePhone(raw, config.COUNTRY_CODE);
  if (phone === undefined) throw new UsageError(`not a phone number: ${raw}`);
  const member = await db
    .selectFrom('members')
    .select(['id', 'phone', 'full_name'])
    .where('phone', '=', phone)
    .executeTakeFirst();
  if (member === undefined) throw new Refused(`no member with phone ${phone}`);
  return { member, actor, reason };
}

function offsetLabel(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The report as an operator reads it: discrepancies first, then the payments, then the sums. */
export function describeReport(report: ReconciliationReport, day: string, offset: number, currency: string): string {
  const money = (amount: bigint | null) => (amount === null ? '' : formatMoney(amount, currency));
  const lines: string[] = [
    `Reconciliation of ${day} (${offsetLabel(offset)}): ${report.from.toISOString()} to ${report.to.toISOString()}`,
    '',
  ];
  if (report.discrepancies.length === 0) lines.push('Discrepancies: none.');
  else {
    lines.push(`Discrepancies (${report.discrepancies.length}):`);
    lines.push(
      table(
        ['kind', 'payment', 'amount', 'detail'],
        report.discrepancies.map((d) => [
          d.kind,
          d.paymentId ?? (d.resultId === undefined ? '-' : `result ${d.resultId}`),
          money(d.amount),
          d.detail,
        ]),
      ),
    );
  }
  lines.push('', `Payments (${report.payments.length}):`);
  if (report.payments.length > 0) {
    lines.push(
      table(
        ['id', 'kind', 'amount', 'status', 'wallet', 'settlement', 'suspense', 'provider ok/failed', 'operator'],
        report.payments.map((p) => [
          p.id,
          p.kind,
          formatMoney(p.amount, p.currency),
          p.needsOperator ? `${p.status} (operator)` : p.status,
          signed(p.ledger.wallet, p.currency),
          signed(p.ledger.settlement, p.currency),
          signed(p.ledger.suspense, p.currency),
          `${p.provider.successes}/${p.provider.failures}`,
          String(p.provider.operatorResolutions),
        ]),
      ),
    );
  }
  const { totals, counts } = report;
  lines.push(
    '',
    `Totals: succeeded ${money(totals.succeeded)} (${counts.succeeded}), failed ${money(totals.failed)} (${counts.failed}), ` +
      `open ${money(totals.open)} (${counts.pending} pending, ${counts.inDoubt} in doubt, ${counts.needsOperator} for an operator)`,
    `Ledger: wallets ${signed(totals.wallet, currency)}, settlement ${signed(totals.settlement, currency)}, ` +
      `suspense ${signed(totals.suspense, currency)} in ${counts.suspenseEntries} entr${counts.suspenseEntries === 1 ? 'y' : 'ies'}` +
      ` and ${counts.suspenseClearings} clearing${counts.suspenseClearings === 1 ? '' : 's'}`,
    `Provider results: ${counts.providerResults} on these payments; ${counts.unmatched} unmatched, ${counts.suspicious} suspicious`,
  );
  return lines.join('\n');
}

/**
 * Takes a member's caller card out of the service's shared cache (Redis). Without REDIS_URL the
 * cache lives in the service's own memory, and the embedded database it pairs with can only be
 * opened by one process: the service is stopped, and its cards with it.
 */
async function forgetCardOf(config: Readonly<Config>, memberId: string): Promise<void> {
  if (config.REDIS_URL === undefined) return;
  const redis = createRedisClient(config.REDIS_URL);
  try {
    await redis.connect();
    await forgetCallerCard(createRedisSessionBackend(redis, config.REDIS_KEY_PREFIX).cache, memberId);
  } finally {
    redis.disconnect();
  }
}
