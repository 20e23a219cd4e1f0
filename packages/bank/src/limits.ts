import type { Transaction } from 'kysely';
import type { Database } from './database.js';
import { outflowSince } from './journal.repository.js';
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

/** Where the institution's day that contains `now` began (local midnight at `utcOffsetMinutes`). */
export function startOfLocalDay(now: Date, utcOffsetMinutes: number): Date {
  const offsetMs = utcOffsetMinutes * 60_000;
  const local = new Date(now.getTime() + offsetMs);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - offsetMs);
}

export async function checkDailyOutflow(
  trx: Transaction<Database>,
  walletId: string,
  amount: bigint,
  limits: MoneyLimits,
  now: Date,
): Promise<void> {
  const sent = await outflowSince(trx, walletId, startOfLocalDay(now, limits.utcOffsetMinutes));
  if (sent + amount > limits.dailyOutflow) {
    throw new MoneyError('daily-limit', `${sent} sent today; ${amount} more passes ${limits.dailyOutflow}`);
  }
}
