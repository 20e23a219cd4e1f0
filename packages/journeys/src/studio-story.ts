import { formatMoney, loanLimit, savingsNeeded } from '@sacco/bank';
import { SAMPLE, SAMPLE_LOAN, SAMPLE_LOAN_DUE, storyDate } from './sample-values.js';
import type { JourneyView } from './session.setup.js';
import { STUDIO_LOAN_POLICY, STUDIO_SETTINGS } from './studio-settings.js';

/** The fields a journey may keep, each with a value; a journey's sample takes the fields it has. */
export type JourneyFields = Required<Omit<JourneyView, 'kind' | 'id'>>;

/** The story is told on STORY_DAY (sample-values.ts): a week after the loan owed was taken. */
const daysAgo = (days: number) => storyDate(-days);

// Amina's wallet and loan, in minor units. Every screen of the studio tells this one story, so
// the figures on one chart agree with each other: what is owed is principal + fee - paid, the
// mini-statement adds up to the balance, and a "new balance" is the balance less the amount.
const BALANCE = SAMPLE.balance; // KES 1,000.00
const PRINCIPAL = 50_000n; // borrowed a week ago for 30 days (SAMPLE_LOAN)
const FEE = 2_500n; // 5% per 30 days, the default policy
const PAID = 20_000n; // repaid so far
const OWED = PRINCIPAL + FEE - PAID; // KES 325.00
const REPAY = 12_500n; // what she repays now
/** The term the member chooses on the story's loan screens: the loan owed was taken for it too. */
const TERM_DAYS = SAMPLE_LOAN.termDays;

/** What each journey moves: deposit, withdraw, send and airtime each start from the same balance. */
export const STORY_AMOUNTS = {
  deposit: 50_000n,
  withdrawal: 30_000n,
  transfer: 25_000n,
  airtime: 5_000n,
  loan: PRINCIPAL,
  repayment: REPAY,
} as const;

const loanAfterPaying = (paid: bigint) => ({
  principal: PRINCIPAL.toString(),
  fee: FEE.toString(),
  lateFee: '0',
  paid: paid.toString(),
  outstanding: (PRINCIPAL + FEE - paid).toString(),
  due: SAMPLE_LOAN_DUE,
  open: true,
  overdue: false,
});

/** The mini-statement, newest first: it adds up to the balance, from an empty wallet. */
export const STORY_STATEMENT = [
  { at: daysAgo(1), kind: 'loan.repay', amount: (-PAID).toString() },
  { at: daysAgo(3), kind: 'transfer', amount: '-25000' },
  { at: daysAgo(SAMPLE_LOAN.takenDaysAgo), kind: 'loan.disburse', amount: PRINCIPAL.toString() },
  { at: daysAgo(10), kind: 'airtime.hold', amount: '-5000' },
  { at: daysAgo(15), kind: 'deposit', amount: '100000' },
];

/**
 * A loan refused for savings, to a member with nothing kept for 30 days: the smallest loan, and
 * what to save for it, by the bank's own rule (the limit is three times the savings kept, and
 * what to save is rounded up to whole units).
 */
export const NOTHING_KEPT = {
  loanSaveMore: formatMoney(savingsNeeded(STUDIO_LOAN_POLICY, 0n), STUDIO_SETTINGS.currency),
  loanBorrow: formatMoney(STUDIO_LOAN_POLICY.min, STUDIO_SETTINGS.currency),
};

const wallet = (minor: bigint) => ({
  minor: minor.toString(),
  currency: STUDIO_SETTINGS.currency,
  // Half of what is owed is held, as the default LOAN_SAVINGS_HOLD_BPS (5000) holds it.
  held: ((OWED + 1n) / 2n).toString(),
});

/**
 * The story's fields for a journey of `kind`; `after` is the journey once its effect is done
 * (its final screen): the balance less what was moved, the loan less what was repaid.
 */
export function storyFields(kind: string, after: boolean): JourneyFields {
  const moved = STORY_AMOUNTS[kind as keyof typeof STORY_AMOUNTS] ?? 0n;
  const outflow = kind === 'withdrawal' || kind === 'transfer' || kind === 'airtime' ? moved : 0n;
  return {
    lockedMinutes: 30,
    fullName: SAMPLE.memberName,
    city: 'Nakuru',
    language: 'en',
    pinDigest: null,
    balance: wallet(after ? BALANCE - outflow : BALANCE),
    amount: moved.toString(),
    typedPhone: SAMPLE.recipientPhone,
    recipient: { id: 'member-2', name: SAMPLE.recipientName, phone: SAMPLE.recipientPhone },
    airtimeFor: SAMPLE.recipientPhone,
    // Three times the savings kept for the last 30 days.
    limit: loanLimit(STUDIO_LOAN_POLICY, BALANCE).toString(),
    termDays: TERM_DAYS,
    // A loan quoted today is due its term from today.
    quote: { fee: FEE.toString(), total: (PRINCIPAL + FEE).toString(), due: storyDate(TERM_DAYS) },
    loanWaitDays: 12,
    ...NOTHING_KEPT,
    loan: loanAfterPaying(after && kind === 'repayment' ? PAID + REPAY : PAID),
    source: 'wallet',
    statement: STORY_STATEMENT,
  };
}
