import type { Language } from '@sacco/bank';
import { storyDate } from './sample-values.js';
import { MINI_STATEMENT_LINES, STATEMENT_KINDS, statementLines } from './statement-lines.js';
import { STUDIO_SETTINGS } from './studio-settings.js';
import { type JourneyFields, NOTHING_KEPT } from './studio-story.js';

/** The longest name registration allows (40 letters), its first word past the greeting's 20. */
export const LONGEST_NAME = 'Nyawira-Wanjirumwangi Achieng Otieno-Oko';
/** The longest city registration allows (30 letters). */
const LONGEST_CITY = 'Nyahururu-Ol Kalou Kinangop Ea';

const { limits, loanTerms } = STUDIO_SETTINGS;
/** A loan as large as the largest single movement the limits allow (a deposit). */
const LARGEST_LOAN = limits.deposit.max;
const LONGEST_TERM = BigInt(Math.max(...loanTerms));
// The default policy: 5% per 30 days, 5% of the principal once overdue.
const LARGEST_FEE = (LARGEST_LOAN * 500n * LONGEST_TERM) / 300_000n;
const LARGEST_LATE_FEE = (LARGEST_LOAN * 500n) / 10_000n;
// Little paid yet: what is owed is as wide as it gets, and the status screen as long.
const LARGEST_PAID = 1_000_000n;
/** A seven-figure wallet: limits bound what moves, not what is kept. */
const LARGEST_BALANCE = 999_999_999n;

/** The largest amount each journey can move, by its limit. */
const LARGEST_AMOUNT: Readonly<Record<string, bigint>> = {
  deposit: limits.deposit.max,
  withdrawal: limits.withdrawal.max,
  transfer: limits.transfer.max,
  airtime: limits.airtime.max,
  loan: LARGEST_LOAN,
  repayment: LARGEST_LOAN + LARGEST_FEE + LARGEST_LATE_FEE - LARGEST_PAID,
};

/** The movement each kind of statement line can be largest by, signed as the member sees it. */
const largestMovement = (kind: (typeof STATEMENT_KINDS)[number]): bigint => {
  switch (kind) {
    case 'deposit':
      return limits.deposit.max;
    case 'transfer':
      return -limits.transfer.max;
    case 'payout.hold':
    case 'payout.reverse':
      return kind === 'payout.hold' ? -limits.withdrawal.max : limits.withdrawal.max;
    case 'airtime.hold':
    case 'airtime.reverse':
      return kind === 'airtime.hold' ? -limits.airtime.max : limits.airtime.max;
    case 'suspense.clear': {
      // A correction gives back (or takes) a payment's amount: the largest any payment can have.
      let largest = LARGEST_LOAN;
      for (const max of [limits.deposit.max, limits.withdrawal.max, limits.airtime.max]) {
        if (max > largest) largest = max;
      }
      return largest;
    }
    default:
      return kind === 'loan.disburse' ? LARGEST_LOAN : -LARGEST_LOAN;
  }
};

/** A full mini-statement of its widest line in `language`: the longest label with its largest amount. */
export function fullestStatement(language: Language) {
  const at = storyDate(0);
  const items = STATEMENT_KINDS.map((kind) => ({ at, kind, amount: largestMovement(kind).toString() }));
  const widest = items.reduce((best, item) =>
    statementLines([item], language, 0).length > statementLines([best], language, 0).length ? item : best,
  );
  return Array.from({ length: MINI_STATEMENT_LINES }, () => widest);
}

/**
 * The worst case of every field, for measuring screens whose length depends on data: the
 * longest names registration allows, a full statement, the largest amounts the limits allow.
 */
export function worstFields(kind: string, language: Language): JourneyFields {
  const amount = LARGEST_AMOUNT[kind] ?? limits.deposit.max;
  const phone = `+${STUDIO_SETTINGS.countryCode}712345678`;
  const owed = LARGEST_LOAN + LARGEST_FEE + LARGEST_LATE_FEE - LARGEST_PAID;
  return {
    lockedMinutes: STUDIO_SETTINGS.lockMinutes,
    fullName: LONGEST_NAME,
    city: LONGEST_CITY,
    language,
    pinDigest: null,
    balance: { minor: LARGEST_BALANCE.toString(), currency: STUDIO_SETTINGS.currency, held: (owed / 2n).toString() },
    amount: amount.toString(),
    typedPhone: phone,
    recipient: { id: 'member-2', name: LONGEST_NAME, phone },
    airtimeFor: phone,
    limit: LARGEST_LOAN.toString(),
    termDays: Number(LONGEST_TERM),
    quote: {
      fee: LARGEST_FEE.toString(),
      total: (LARGEST_LOAN + LARGEST_FEE).toString(),
      // Quoted today, due its term from today.
      due: storyDate(Number(LONGEST_TERM)),
    },
    // The default LOAN_MIN_MEMBERSHIP_DAYS: a member of one day waits 30 more.
    loanWaitDays: 30,
    ...NOTHING_KEPT,
    loan: {
      principal: LARGEST_LOAN.toString(),
      fee: LARGEST_FEE.toString(),
      lateFee: LARGEST_LATE_FEE.toString(),
      paid: LARGEST_PAID.toString(),
      outstanding: owed.toString(),
      // Overdue (a late fee is owed): it fell due before the story's day.
      due: storyDate(-1),
      open: true,
      overdue: true,
    },
    source: 'wallet',
    statement: fullestStatement(language),
  };
}
