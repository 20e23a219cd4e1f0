import { sql, type Transaction } from 'kysely';
import type { Database } from './database.js';
import { MoneyError } from './money-error.js';

export interface AmountRange {
  readonly min: bigint;
  readonly max: bigint;
}

/** Per-transaction bounds per kind of movement, and the most a wallet may send out in a day. */
export interface MoneyLimits {
  readonly deposit: AmountRange;
  readonly withdrawal: AmountRange;
  readonly transfer: AmountRange;
  readonly airtime: AmountRange;
  readonly dailyOutflow: bigint;
  /** The institution's time zone as an offset from UTC (Nairobi: +180), where its days begin. */
  readonly utcOffsetMinutes: number;
}

export function checkRange(range: AmountRange, amount: bigint): void {
  if (amount < range.min) throw new MoneyError('below-minimum', `${amount} is below the minimum ${range.min}`);
  if (amount > range.max) throw new MoneyError('above-maximum', `${amount} is above the maximum ${range.max}`);
}

/** Mobile money moves whole units only (M-Pesa has no cents). */
export function checkWholeUnits(amount: bigint, minorDigits = 2): void {
  if (amount % 10n ** BigInt(minorDigits) !== 0n) {
    throw new MoneyError('not-whole-units', `${amount} is not a whole number of units`);
  }
}

// Entry kinds that take money out of a wallet, and those that give it back.
const OUTFLOW_KINDS = ['transfer', 'payout.hold', 'airtime.hold'];
const RETURN_KINDS = ['payout.reverse', 'airtime.reverse'];

/**
 * What a wallet sent out since `since`, net of reversals. Call it with the wallet locked, so
 * two movements racing for the last of the day's allowance cannot both pass.
 */
export async function outflowSince(trx: Transaction<Database>, walletId: string, since: Date): Promise<bigint> {
  const row = await trx
    .selectFrom('postings')
    .select(
      sql<string>`coalesce(sum(case
        when entry_kind in (${sql.join(OUTFLOW_KINDS)}) and amount > 0 then amount
        when entry_kind in (${sql.join(RETURN_KINDS)}) and amount < 0 then amount
        else 0 end), 0)`.as('outflow'),
    )
    .where('account_id', '=', walletId)
    .where('posted_at', '>=', since)
    .executeTakeFirstOrThrow();
  return BigInt(row.outflow);
}

export async function checkDailyOutflow(
  trx: Transaction<Database>,
  walletId: string,
  amount: bigint,
  limits: MoneyLimits,
  now: Date,
): Promise<void> {
  const offsetMs = limits.utcOffsetMinutes * 60_000;
  const local = new Date(now.getTime() + offsetMs);
  const startOfDay = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - offsetMs);
  const sent = await outflowSince(trx, walletId, startOfDay);
  if (sent + amount > limits.dailyOutflow) {
    throw new MoneyError('daily-limit', `${sent} sent today; ${amount} more passes ${limits.dailyOutflow}`);
  }
}
