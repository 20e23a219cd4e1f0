import {
  type CheckPolicy,
  createCallService,
  createLoanService,
  createMemberService,
  createMoneyService,
  createPinHasher,
  createPinHashPool,
  type Database,
  type LoanPolicy,
  type MoneyLimits,
  type PaymentAlert,
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

/** How the payment resolver asks providers about open payments, from the configuration. */
export function checkPolicy(config: Readonly<Config>): CheckPolicy {
  return { promptWindowMs: config.PAYMENT_PROMPT_WINDOW_SECONDS * 1000, maxPrompts: 3, maxChecks: 12 };
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
    savingsHoldBps: config.LOAN_SAVINGS_HOLD_BPS,
    recoveryDays: config.LOAN_RECOVERY_DAYS,
  };
}

export interface DomainHooks {
  /** Called after every commit that queued an effect, so the outbox worker can be woken at once. */
  readonly onQueued?: () => void;
  /** What a person must look at now (money in suspense, a double payment, a suspicious result). */
  readonly onAlert?: (alert: PaymentAlert) => void;
  /** Wraps the PIN hasher (tests count the PINs actually evaluated). */
  readonly wrapPinHasher?: (hasher: PinHasher) => PinHasher;
}

/** The bank's services as this deployment configures them. */
export function createDomain(config: Readonly<Config>, db: Kysely<Database>, hooks: DomainHooks = {}) {
  const onQueued = hooks.onQueued ?? (() => {});
  const pinHashPool = createPinHashPool({
    size: config.PIN_HASH_THREADS === 0 ? undefined : config.PIN_HASH_THREADS,
    queueLimit: config.PIN_HASH_QUEUE_LIMIT,
    maxWaitMs: Math.min(config.PIN_HASH_MAX_WAIT_MS, config.HOP_DEADLINE_MS),
  });
  const created = createPinHasher({ pepper: config.pinPepper, cost: config.PIN_SCRYPT_COST, pool: pinHashPool });
  const pinHasher = hooks.wrapPinHasher?.(created) ?? created;
  const members = createMemberService({
    db,
    pinHasher,
    currency: config.CURRENCY,
    pinPolicy: { maxAttempts: config.PIN_MAX_ATTEMPTS, lockMs: config.PIN_LOCK_MINUTES * 60_000 },
    supportPhone: config.SUPPORT_PHONE,
    pinResetMs: config.PIN_RESET_MINUTES * 60_000,
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
    onAlert: hooks.onAlert,
    recheckMs: config.PAYMENT_CHECK_INTERVAL_MS,
    promptWindowMs: config.PAYMENT_PROMPT_WINDOW_SECONDS * 1000,
  });
  const calls = createCallService({
    db,
    windowMinutes: config.CALLBACK_WINDOW_MINUTES,
    callHours: config.callHours,
    utcOffsetMinutes: config.UTC_OFFSET_MINUTES,
    onQueued,
  });
  return { pinHasher, pinHashPool, members, money, loans, calls };
}

export type Domain = ReturnType<typeof createDomain>;
