/** The loan product, from configuration. Amounts in minor units. */
export interface LoanPolicy {
  readonly min: bigint;
  /** The most anyone may borrow, whatever their savings. */
  readonly cap: bigint;
  /** The terms offered, in days (e.g. 30 and 90). */
  readonly termsDays: readonly number[];
  /** The fee per 30 days of term, in basis points of the principal (500 = 5%). */
  readonly feeBpsPer30Days: number;
  /** Charged once on the outstanding amount when a loan becomes overdue, in basis points. */
  readonly lateFeeBps: number;
  readonly minMembershipDays: number;
  /** The limit is this many times the member's average wallet balance over the last 30 days. */
  readonly savingsMultiplier: number;
  /** Reminders start this many days before the due date. */
  readonly reminderDaysBefore: number;
  /**
   * While a loan is open, this share of what is owed (basis points, rounded up) is held in the
   * wallet: no send, withdrawal or airtime may take the wallet below it. 0 holds nothing.
   */
  readonly savingsHoldBps: number;
  /** A loan this many days past its due date is recovered from the wallet by the daily job. */
  readonly recoveryDays: number;
}

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

/** The fee for borrowing `principal` for `termDays`, rounded up to the cent. */
export function loanFee(policy: LoanPolicy, principal: bigint, termDays: number): bigint {
  return ceilDiv(principal * BigInt(policy.feeBpsPer30Days) * BigInt(termDays), 30n * 10_000n);
}

/** The late fee on `outstanding`, rounded up to the cent. */
export function lateFee(policy: LoanPolicy, outstanding: bigint): bigint {
  return ceilDiv(outstanding * BigInt(policy.lateFeeBps), 10_000n);
}

/** What is held in the wallet while `outstanding` is owed on an open loan, rounded up to the cent. */
export function heldFor(policy: LoanPolicy, outstanding: bigint): bigint {
  return outstanding <= 0n ? 0n : ceilDiv(outstanding * BigInt(policy.savingsHoldBps), 10_000n);
}

/** What the limit is computed from: the smallest loan, the cap and the savings multiplier. */
export type LimitPolicy = Pick<LoanPolicy, 'min' | 'cap' | 'savingsMultiplier'>;

/** The savings multiplier in hundredths, so that limits are worked out in integers. */
export const multiplierHundredths = (policy: LimitPolicy) => BigInt(Math.round(policy.savingsMultiplier * 100));

/** The member's limit: k x average savings, capped, in whole units (never a fraction of a shilling). */
export function loanLimit(policy: LimitPolicy, averageBalance: bigint): bigint {
  const raw = (averageBalance * multiplierHundredths(policy)) / 100n;
  const capped = raw < policy.cap ? raw : policy.cap;
  return capped - (capped % 100n);
}

/**
 * How much more average savings the smallest loan needs, on top of `averageBalance`, rounded up
 * to whole units: what a member refused for savings is told to save.
 */
export function savingsNeeded(policy: LimitPolicy, averageBalance: bigint): bigint {
  const multiplier = multiplierHundredths(policy);
  if (multiplier === 0n) return 0n;
  let needed = (policy.min * 100n + multiplier - 1n) / multiplier - averageBalance;
  while (loanLimit(policy, averageBalance + needed) < policy.min) needed += 1n;
  const short = needed > 0n ? needed : 0n;
  return short % 100n === 0n ? short : short + 100n - (short % 100n);
}

/**
 * The time-weighted average of a balance over [from, to], from the balance at `to` and the
 * changes in between (each `change` is what happened to the balance at `at`).
 */
export function averageBalance(
  balanceAtEnd: bigint,
  changes: readonly { at: Date; change: bigint }[],
  from: Date,
  to: Date,
): bigint {
  const span = BigInt(Math.max(1, to.getTime() - from.getTime()));
  let balance = balanceAtEnd - changes.reduce((sum, c) => sum + c.change, 0n);
  let cursor = from.getTime();
  let area = 0n;
  for (const c of [...changes].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const at = Math.max(cursor, c.at.getTime());
    area += balance * BigInt(at - cursor);
    balance += c.change;
    cursor = at;
  }
  area += balance * BigInt(Math.max(0, to.getTime() - cursor));
  return area / span;
}
