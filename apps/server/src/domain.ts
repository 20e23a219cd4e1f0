import {
  createCallService,
  createLoanService,
  createMemberService,
  createMoneyService,
  createPinHasher,
  type Database,
  type LoanPolicy,
  type MoneyLimits,
  type PinHasher,
} from '@sacco/bank';
import type { Config } from '@sacco/config';
import type { Kysely } from 'kysely';

/** The deployment's money limits, from the configuration. */
export function moneyLimits(config: Readonly<Config>): MoneyLimits {
  return {
    deposit: { min: config.DEPOSIT_MIN, max: config.DEPOSIT_MAX },
    withdrawal: { min: config.WITHDRAWAL_MIN, max: config.WITHDRAWAL_MAX },
    transfer: { min: config.TRANSFER_MIN, max: config.TRANSFER_MAX },
    airtime: { min: config.AIRTIME_MIN, max: config.AIRTIME_MAX },
    dailyOutflow: config.DAILY_OUTFLOW_LIMIT,
    utcOffsetMinutes: config.UTC_OFFSET_MINUTES,
  };
}

/** The loan product, from the configuration. */
export function loanPolicy(config: Readonly<Config>): LoanPolicy {
  return {
    min: config.LOAN_MIN,
    cap: config.LOAN_MAX,
    termsDays: config.LOAN_TERMS_DAYS,
    feeBpsPer30Days: config.LOAN_FEE_BPS_PER_30_DAYS,
    lateFeeBps: config.LOAN_LATE_FEE_BPS,
    minMembershipDays: config.LOAN_MIN_MEMBERSHIP_DAYS,
    savingsMultiplier: config.LOAN_SAVINGS_MULTIPLIER,
    reminderDaysBefore: config.LOAN_REMINDER_DAYS,
  };
}

/**
 * The bank's services as this deployment configures them. `onQueued` is called after every
 * commit that queued an effect, so the outbox worker can be woken at once.
 */
export function createDomain(
  config: Readonly<Config>,
  db: Kysely<Database>,
  onQueued: () => void,
  /** Wraps the PIN hasher (tests count the PINs actually evaluated). */
  wrapPinHasher: (hasher: PinHasher) => PinHasher = (hasher) => hasher,
) {
  const pinHasher = wrapPinHasher(createPinHasher({ pepper: config.pinPepper, cost: config.PIN_SCRYPT_COST }));
  const members = createMemberService({
    db,
    pinHasher,
    currency: config.CURRENCY,
    pinPolicy: { maxAttempts: config.PIN_MAX_ATTEMPTS, lockMs: config.PIN_LOCK_MINUTES * 60_000 },
    onQueued,
  });
  const loans = createLoanService({
    db,
    currency: config.CURRENCY,
    policy: loanPolicy(config),
    utcOffsetMinutes: config.UTC_OFFSET_MINUTES,
    onQueued,
  });
  const money = createMoneyService({
    db,
    currency: config.CURRENCY,
    limits: moneyLimits(config),
    onQueued,
    settleLoanRepayment: loans.settleMobileRepayment,
  });
  const calls = createCallService({ db, windowMinutes: config.CALLBACK_WINDOW_MINUTES, onQueued });
  return { pinHasher, members, money, loans, calls };
}

export type Domain = ReturnType<typeof createDomain>;
