import { createMemberService, createMoneyService, createPinHasher, type Database, type MoneyLimits } from '@sacco/bank';
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

/**
 * The bank's services as this deployment configures them. `onQueued` is called after every
 * commit that queued an effect, so the outbox worker can be woken at once.
 */
export function createDomain(config: Readonly<Config>, db: Kysely<Database>, onQueued: () => void) {
  const pinHasher = createPinHasher({ pepper: config.pinPepper, cost: config.PIN_SCRYPT_COST });
  const members = createMemberService({
    db,
    pinHasher,
    currency: config.CURRENCY,
    pinPolicy: { maxAttempts: config.PIN_MAX_ATTEMPTS, lockMs: config.PIN_LOCK_MINUTES * 60_000 },
    onQueued,
  });
  const money = createMoneyService({ db, currency: config.CURRENCY, limits: moneyLimits(config), onQueued });
  return { pinHasher, members, money };
}

export type Domain = ReturnType<typeof createDomain>;
