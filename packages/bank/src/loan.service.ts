import type { Kysely, Transaction } from 'kysely';
import { balanceOf, lockAccounts, setHeld, walletIdOf } from './account.repository.js';
import { createSystemAccountLookup } from './account-directory.js';
import type { Database } from './database.js';
import { credit, debit, postEntry } from './journal.js';
import { hasEntry, postingsSince } from './journal.repository.js';
import { checkWholeUnits } from './limits.js';
import {
  addRepayment,
  findLoanByKey,
  hasOpenLoan,
  insertLoan,
  type Loan,
  latestLoan,
  lockLoan,
  lockOpenLoan,
  markOverdue,
  markReminded,
  openLoansDueBy,
  outstandingOf,
  totalDue,
} from './loan.repository.js';
import { averageBalance, heldFor, type LoanPolicy, lateFee, loanFee, loanLimit, savingsNeeded } from './loan-policy.js';
import { isLocked } from './member.js';
import { memberSince, requireMember } from './member.repository.js';
import { MoneyError } from './money-error.js';
import { enqueueSms } from './notification.js';
import { enqueue } from './outbox.repository.js';
import { OUTBOX_DEPOSIT_REQUEST } from './outbox-kinds.js';
import { insertPayment, lockPayment } from './payment.repository.js';
import { inTransaction } from './retry-transaction.js';

export interface LoanServiceOptions {
  readonly db: Kysely<Database>;
  readonly currency: string;
  readonly policy: LoanPolicy;
  /** The institution's offset from UTC in minutes: reminders go out once per local day. */
  readonly utcOffsetMinutes: number;
  readonly onQueued?: () => void;
  readonly now?: () => Date;
}

export type LoanOffer =
  | { readonly eligible: true; readonly limit: bigint }
  | { readonly eligible: false; readonly reason: 'open-loan'; readonly limit: bigint }
  /** `days`: whole days until the membership is old enough. */
  | { readonly eligible: false; readonly reason: 'too-new'; readonly limit: bigint; readonly days: number }
  /**
   * `saveMore`: how much more average savings (over the 30-day window) the smallest loan needs,
   * in whole units; `borrow` is that smallest loan.
   */
  | {
      readonly eligible: false;
      readonly reason: 'no-savings';
      readonly limit: bigint;
      readonly saveMore: bigint;
      readonly borrow: bigint;
    };

export interface LoanQuote {
  readonly principal: bigint;
  readonly fee: bigint;
  readonly total: bigint;
  readonly dueAt: Date;
}

const DAY_MS = 86_400_000;
const WINDOW_DAYS = 30;
const money = (amount: bigint) => amount.toString();

/**
 * Loans: the offer (eligibility and limit), disbursement, repayment from the wallet or by
 * mobile money, status, and the daily job of reminders and overdue marking. Every movement is
 * a balanced, idempotent journal entry; one open loan per member is enforced by the database.
 */
export function createLoanService(options: LoanServiceOptions) {
  const { db, currency, policy } = options;
  const now = options.now ?? (() => new Date());
  const system = createSystemAccountLookup(db, currency);
  const localDay = (at: Date) => new Date(at.getTime() + options.utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
  // Dates in SMS read as on the screens: `31/12/2026`, in the institution's time zone.
  const smsDate = (at: Date) => localDay(at).split('-').reverse().join('/');

  async function averageSavings(trx: Kysely<Database> | Transaction<Database>, memberId: string, at: Date) {
    const wallet = await walletIdOf(trx, memberId);
    const from = new Date(at.getTime() - WINDOW_DAYS * DAY_MS);
    const balance = await balanceOf(trx, wallet);
    // One range of the wallet's postings over the window (postings carry their entry's kind and time).
    const rows = await postingsSince(trx, wallet, from);
    // Loan money is not savings: a disbursement must not raise the next limit, so the balance and
    // its history are taken as if it had never arrived. The wallet is credit-normal: a posting of
    // `amount` changes its balance by `-amount`.
    const isLoan = (row: { entryKind: string }) => row.entryKind === 'loan.disburse';
    const loanMoney = rows.filter(isLoan).reduce((sum, row) => sum + row.amount, 0n);
    const balanceWithoutLoans = balance + loanMoney;
    const changes = rows.filter((row) => !isLoan(row)).map((row) => ({ at: row.postedAt, change: -row.amount }));
    const average = averageBalance(balanceWithoutLoans, changes, from, at);
    return average > 0n ? average : 0n;
  }

  async function offerWithin(trx: Kysely<Database> | Transaction<Database>, memberId: string): Promise<LoanOffer> {
    const at = now();
    const joined = await memberSince(trx, memberId);
    const open = await hasOpenLoan(trx, memberId);
    const average = await averageSavings(trx, memberId, at);
    const limit = loanLimit(policy, average);
    if (open) return { eligible: false, reason: 'open-loan', limit };
    const waitMs = policy.minMembershipDays * DAY_MS - (at.getTime() - joined.getTime());
    if (waitMs > 0) return { eligible: false, reason: 'too-new', limit, days: Math.ceil(waitMs / DAY_MS) };
    if (limit < policy.min) {
      return {
        eligible: false,
        reason: 'no-savings',
        limit,
        saveMore: savingsNeeded(policy, average),
        borrow: policy.min,
      };
    }
    return { eligible: true, limit };
  }

  /**
   * Sets the part of the member's wallet held for `loan` (a share of what is owed while it is
   * open, nothing once repaid). Called in every transaction that changes what a loan owes.
   */
  async function holdFor(trx: Transaction<Database>, loan: Loan) {
    const held = loan.status === 'open' ? heldFor(policy, outstandingOf(loan)) : 0n;
    await setHeld(trx, await walletIdOf(trx, loan.memberId), held);
  }

  function quote(principal: bigint, termDays: number): LoanQuote {
    const fee = loanFee(policy, principal, termDays);
    return { principal, fee, total: principal + fee, dueAt: new Date(now().getTime() + termDays * DAY_MS) };
  }

  async function run<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    const result = await inTransaction(db, work);
    options.onQueued?.();
    return result;
  }

  /** Applies a repayment to a locked open loan: wallet or settlement to receivable. */
  async function applyRepayment(trx: Transaction<Database>, loan: Loan, amount: bigint, from: string, key: string) {
    await postEntry(trx, {
      idempotencyKey: key,
      kind: 'loan.repay',
      postings: [debit(from, amount), credit(await system('loans_receivable', trx), amount)],
      mayUseHeld: true,
    });
    const after = await addRepayment(trx, loan.id, amount, now());
    if (after === undefined) throw new MoneyError('above-outstanding', `${amount} is more than is owed`);
    await holdFor(trx, after);
    const member = await requireMember(trx, loan.memberId);
    const repaid = after.status === 'repaid';
    await enqueueSms(trx, key, {
      to: member.phone,
      language: member.language,
      template: repaid ? 'loan-repaid' : 'loan-repayment',
      params: { amount: money(amount), currency, outstanding: money(outstandingOf(after)) },
    });
    return after;
  }

  return {
    policy,
    offer: (memberId: string) => offerWithin(db, memberId),
    quote,

    /** Disburses a loan into the wallet: one entry, idempotent per key. */
    async apply(request: { memberId: string; principal: bigint; termDays: number; idempotencyKey: string }) {
      if (!policy.termsDays.includes(request.termDays)) throw new MoneyError('not-eligible', 'no such term');
      if (request.principal < policy.min) throw new MoneyError('below-minimum', 'below the loan minimum');
      const existing = await findLoanByKey(db, request.idempotencyKey);
      if (existing !== undefined) return existing;
      return run(async (trx) => {
        const wallet = await walletIdOf(trx, request.memberId);
        await lockAccounts(trx, [wallet]);
        const member = await requireMember(trx, request.memberId);
        if (isLocked(member, now())) throw new MoneyError('member-locked', 'locked');
        const offer = await offerWithin(trx, request.memberId);
        if (!offer.eligible)
          throw new MoneyError(offer.reason === 'open-loan' ? 'open-loan' : 'not-eligible', offer.reason);
        if (request.principal > offer.limit) throw new MoneyError('above-maximum', `above the limit ${offer.limit}`);
        const terms = quote(request.principal, request.termDays);
        const loan = await insertLoan(trx, {
          memberId: request.memberId,
          currency,
          principal: terms.principal,
          fee: terms.fee,
          termDays: request.termDays,
          dueAt: terms.dueAt,
          disbursedAt: now(),
          idempotencyKey: request.idempotencyKey,
        });
        const postings = [debit(await system('loans_receivable', trx), terms.total), credit(wallet, terms.principal)];
        if (terms.fee > 0n) postings.push(credit(await system('fee_income', trx), terms.fee));
        await postEntry(trx, { idempotencyKey: `loan:${loan.id}:disburse`, kind: 'loan.disburse', postings });
        await holdFor(trx, loan);
        await enqueueSms(trx, `loan:${loan.id}:disbursed`, {
          to: member.phone,
          language: member.language,
          template: 'loan-disbursed',
          params: {
            amount: money(terms.principal),
            currency,
            fee: money(terms.fee),
            total: money(terms.total),
            due: smsDate(terms.dueAt),
          },
        });
        return loan;
      });
    },

    /** Repays from the wallet, up to what is owed. */
    async repayFromWallet(request: { memberId: string; amount: bigint; idempotencyKey: string }) {
      return run(async (trx) => {
        const done = await hasEntry(trx, request.idempotencyKey);
        const loan = await lockOpenLoan(trx, request.memberId);
        if (done) return loan ?? (await latestLoan(trx, request.memberId));
        if (loan === undefined) throw new MoneyError('no-open-loan', 'no open loan');
        if (request.amount > outstandingOf(loan)) throw new MoneyError('above-outstanding', 'more than is owed');
        const wallet = await walletIdOf(trx, request.memberId);
        await lockAccounts(trx, [wallet]);
        return applyRepayment(trx, loan, request.amount, wallet, request.idempotencyKey);
      });
    },

    /** Asks the member's mobile money for a repayment (an STK push); the loan moves on the callback. */
    async requestMobileRepayment(request: { memberId: string; phone: string; amount: bigint; idempotencyKey: string }) {
      checkWholeUnits(request.amount);
      return run(async (trx) => {
        const loan = await lockOpenLoan(trx, request.memberId);
        if (loan === undefined) throw new MoneyError('no-open-loan', 'no open loan');
        if (request.amount > outstandingOf(loan)) throw new MoneyError('above-outstanding', 'more than is owed');
        const { payment, created } = await insertPayment(trx, {
          kind: 'loan_repayment',
          currency,
          loanId: loan.id,
          ...request,
        });
        if (created) {
          await enqueue(trx, {
            kind: OUTBOX_DEPOSIT_REQUEST,
            payload: { paymentId: payment.id },
            idempotencyKey: `deposit:${payment.id}`,
          });
        }
        return loan;
      });
    },

    /**
     * A confirmed mobile-money repayment, in the callback's transaction: what is owed goes to
     * the loan; anything above it (the loan was repaid meanwhile) goes to the wallet. It takes
     * the payment's id, not its amount: loan and amount are read from the payment the provider
     * confirmed, so no caller can settle money that was never paid.
     */
    async settleMobileRepayment(trx: Transaction<Database>, paymentId: string) {
      const payment = await lockPayment(trx, paymentId);
      if (payment?.kind !== 'loan_repayment' || payment.status !== 'succeeded' || payment.loanId === null) {
        throw new Error(`payment ${paymentId} is not a confirmed loan repayment`);
      }
      const loan = await lockLoan(trx, payment.loanId);
      if (loan === undefined) throw new Error(`no loan ${payment.loanId}`);
      const settlement = await system('mobile_money_settlement', trx);
      const owed = loan.status === 'open' ? outstandingOf(loan) : 0n;
      const toLoan = payment.amount < owed ? payment.amount : owed;
      const surplus = payment.amount - toLoan;
      if (toLoan > 0n) await applyRepayment(trx, loan, toLoan, settlement, `payment:${payment.id}:settle`);
      if (surplus > 0n) {
        await postEntry(trx, {
          idempotencyKey: `payment:${payment.id}:surplus`,
          kind: 'deposit',
          postings: [debit(settlement, surplus), credit(await walletIdOf(trx, loan.memberId), surplus)],
        });
      }
    },

    /** The latest loan with what is still owed and whether it is overdue. */
    async status(memberId: string) {
      const loan = await latestLoan(db, memberId);
      if (loan === undefined) return undefined;
      return {
        ...loan,
        total: totalDue(loan),
        outstanding: outstandingOf(loan),
        overdue: loan.status === 'open' && loan.dueAt.getTime() < now().getTime(),
      };
    },

    /**
     * The daily job: reminders before the due date (once per local day), overdue marking with
     * the late fee (once per loan), and, `recoveryDays` past the due date, recovery of what is
     * owed from the wallet's savings (held part included; at most once per local day, so money
     * that arrives later is recovered on a later run). Safe to run any number of times, from
     * any instance.
     */
    async runDailyJob(): Promise<{ reminded: number; markedOverdue: number; recovered: number }> {
      const at = now();
      const today = localDay(at);
      const horizon = new Date(at.getTime() + policy.reminderDaysBefore * DAY_MS);
      const open = await openLoansDueBy(db, horizon);
      let reminded = 0;
      let markedOverdue = 0;
      let recovered = 0;
      for (const id of open) {
        await run(async (trx) => {
          let loan = await lockLoan(trx, id);
          if (loan === undefined || loan.status !== 'open') return;
          const member = await requireMember(trx, loan.memberId);
          if (loan.dueAt.getTime() >= at.getTime()) {
            if (loan.lastReminderOn === today) return;
            await markReminded(trx, loan.id, today);
            await enqueueSms(trx, `loan:${loan.id}:reminder:${today}`, {
              to: member.phone,
              language: member.language,
              template: 'loan-reminder',
              params: { outstanding: money(outstandingOf(loan)), currency, due: smsDate(loan.dueAt) },
            });
            reminded++;
            return;
          }
          if (loan.overdueSince === null) {
            const fee = lateFee(policy, outstandingOf(loan));
            if (fee > 0n) {
              await postEntry(trx, {
                idempotencyKey: `loan:${loan.id}:late-fee`,
                kind: 'loan.late-fee',
                postings: [
                  debit(await system('loans_receivable', trx), fee),
                  credit(await system('fee_income', trx), fee),
                ],
              });
            }
            await markOverdue(trx, loan.id, at, fee);
            loan = { ...loan, overdueSince: at, lateFee: fee };
            await holdFor(trx, loan);
            await enqueueSms(trx, `loan:${loan.id}:overdue`, {
              to: member.phone,
              language: member.language,
              template: 'loan-overdue',
              params: { outstanding: money(outstandingOf(loan)), currency, fee: money(fee) },
            });
            markedOverdue++;
          }
          if (at.getTime() - loan.dueAt.getTime() < policy.recoveryDays * DAY_MS) return;
          const key = `loan:${loan.id}:recovery:${today}`;
          if (await hasEntry(trx, key)) return;
          const wallet = await walletIdOf(trx, loan.memberId);
          await lockAccounts(trx, [wallet]);
          const balance = await balanceOf(trx, wallet);
          const owed = outstandingOf(loan);
          // All that is owed, or all the wallet has (bigints: Math.min does not take them).
          let amount = owed;
          if (balance < amount) amount = balance;
          if (amount <= 0n) return;
          await postEntry(trx, {
            idempotencyKey: key,
            kind: 'loan.recovery',
            memo: `loan ${loan.id} recovered from savings`,
            postings: [debit(wallet, amount), credit(await system('loans_receivable', trx), amount)],
            mayUseHeld: true,
          });
          const after = await addRepayment(trx, loan.id, amount, at);
          if (after === undefined) throw new Error(`loan ${loan.id}: recovery above what is owed`);
          await holdFor(trx, after);
          await enqueueSms(trx, key, {
            to: member.phone,
            language: member.language,
            template: 'loan-recovered',
            params: { amount: money(amount), currency, outstanding: money(outstandingOf(after)) },
          });
          recovered++;
        });
      }
      return { reminded, markedOverdue, recovered };
    },
  };
}

export type LoanService = ReturnType<typeof createLoanService>;
