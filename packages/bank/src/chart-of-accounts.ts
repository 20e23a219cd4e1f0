import type { NormalSide } from './database.js';

/**
 * The institution's own accounts, one per currency, next to one wallet per member. Each has
 * a normal side: the side on which its balance grows. See docs/ledger.md.
 */
export const SYSTEM_ACCOUNTS = {
  /** Cash held at the mobile-money provider (the paybill/B2C float): an asset. */
  mobile_money_settlement: 'debit',
  /** Withdrawals taken from wallets and not yet confirmed paid out: a liability. */
  payouts_in_flight: 'credit',
  /** Airtime purchases taken from wallets and not yet confirmed delivered: a liability. */
  airtime_in_flight: 'credit',
  /** Prepaid airtime balance held with Africa's Talking: an asset. */
  airtime_float: 'debit',
  /** Loans disbursed and not yet repaid: an asset. */
  loans_receivable: 'debit',
  /** Loan fees and interest earned: income. */
  fee_income: 'credit',
  /**
   * Provider results that contradict a payment's final state (paid after a decline, paid out after
   * a refund): held here, loudly, until an operator settles them. A clearing account: a positive
   * balance is money to recover, a negative one is money received that belongs to someone.
   */
  suspense: 'debit',
  /**
   * Suspense money an operator gave up recovering from a member (`pnpm ops suspense:clear ...
   * write-off`): an expense, so the loss shows in the books rather than vanishing.
   */
  written_off: 'debit',
} as const satisfies Record<string, NormalSide>;

export type SystemAccountCode = keyof typeof SYSTEM_ACCOUNTS;

/** Member wallets are what the institution owes its members: credit-normal. */
export const WALLET_NORMAL_SIDE: NormalSide = 'credit';
