import { SAMPLE, SAMPLE_LOAN, SAMPLE_LOAN_DUE } from '../sample-values.js';
import type { SessionContext } from '../session.setup.js';
import type { MemberSummary, MoneyOutcome } from './answers.js';

/** The callers of the studio's scenarios (see studio-world.ts). */
export type Caller =
  | 'newcomer'
  | 'member'
  | 'locked'
  | 'raced'
  | 'offline'
  | 'borrower'
  | 'debtor'
  | 'called'
  | 'reset'
  | 'resetExpired';

/**
 * What a sample answer may depend on: who calls and where their session stands. The caller is a
 * member with `SAMPLE.pin`, `SAMPLE.balance` in the wallet, and `SAMPLE.recipientPhone` to send
 * to. A `borrower` has been a member, with those savings, for long enough to borrow; a `debtor`
 * is a borrower with an open loan; a `called` member asked for a call back already; a `reset`
 * member of 60 days, whose savings arrived just now, had the PIN reset by an operator (the
 * one-time PIN is `SAMPLE.pin`); a `resetExpired` member let that one-time PIN expire unused.
 */
export interface SampleWorld {
  readonly caller: Caller;
  readonly context: SessionContext;
}

export const SAMPLE_MEMBER: MemberSummary = { id: 'member-1', name: SAMPLE.memberName, language: 'en' };
export const MAX_PIN_ATTEMPTS = 3;
export const sampleDigest = (pin: string) => `digest:${pin}`;
export const isRegistered = (caller: Caller) => caller !== 'newcomer' && caller !== 'raced';

/**
 * A loan of KES 500 for 30 days, priced as the default policy prices it (5% per 30 days), taken a
 * week before the story's day (sample-values.ts).
 */
export const LOAN = { principal: 50_000n, fee: 2_500n, termDays: SAMPLE_LOAN.termDays, due: SAMPLE_LOAN_DUE };
export const OPEN_LOAN = {
  principal: LOAN.principal.toString(),
  fee: LOAN.fee.toString(),
  lateFee: '0',
  paid: '0',
  outstanding: (LOAN.principal + LOAN.fee).toString(),
  due: LOAN.due,
  open: true,
  overdue: false,
};
/** Three times a balance of KES 1,000 held for the last 30 days. */
export const BORROWER_LIMIT = (SAMPLE.balance * 3n).toString();

export const done = (balance: bigint): { output: MoneyOutcome } => ({
  output: { status: 'done', balance: balance.toString() },
});

/** Takes `amount` from the wallet, as the bank does: refused when the balance is short. */
export function debit(amount: string): { output: MoneyOutcome } {
  if (BigInt(amount) > SAMPLE.balance) {
    return { output: { status: 'refused', reason: 'insufficient-funds', balance: SAMPLE.balance.toString() } };
  }
  return done(SAMPLE.balance - BigInt(amount));
}
