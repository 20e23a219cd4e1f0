import { multiplierHundredths, savingsNeeded } from '@sacco/bank';
import { SAMPLE, storyDate } from '../sample-values.js';
import { STUDIO_LOAN_POLICY } from '../studio-settings.js';
import type { LoanOfferAnswer, LoanSummary, LoanTerms, MoneyOutcome, MoneyRequest } from './answers.js';
import { effect } from './effect.js';
import { BORROWER_LIMIT, done, LOAN, OPEN_LOAN } from './sample-world.js';

/** What the member may borrow now, or why not. */
const loanOffer = effect<{ memberId: string }, LoanOfferAnswer>({
  bank:
    ({ loans }) =>
    async ({ memberId }) => {
      const offer = await loans.offer(memberId);
      if (offer.eligible) return { status: 'eligible', limit: offer.limit.toString() };
      const limit = offer.limit.toString();
      if (offer.reason === 'too-new') return { status: 'refused', reason: offer.reason, limit, days: offer.days };
      if (offer.reason === 'no-savings') {
        const { saveMore, borrow } = offer;
        return {
          status: 'refused',
          reason: offer.reason,
          limit,
          saveMore: saveMore.toString(),
          borrow: borrow.toString(),
        };
      }
      return { status: 'refused', reason: offer.reason, limit };
    },
  memory: (world) => async () => {
    if (world.loan !== undefined && world.loan.paid < world.loan.total) {
      return { status: 'refused', reason: 'open-loan', limit: '0' };
    }
    if (world.loanLimit < 10_000n) {
      // The bank's rule on the average this limit stands for (a third of it, by the default policy).
      const average = (world.loanLimit * 100n) / multiplierHundredths(STUDIO_LOAN_POLICY);
      const saveMore = savingsNeeded(STUDIO_LOAN_POLICY, average).toString();
      return { status: 'refused', reason: 'no-savings', limit: world.loanLimit.toString(), saveMore, borrow: '10000' };
    }
    return { status: 'eligible', limit: world.loanLimit.toString() };
  },
  sample: (_, { caller }) => {
    if (caller === 'borrower') return { output: { status: 'eligible', limit: BORROWER_LIMIT } };
    if (caller === 'debtor') return { output: { status: 'refused', reason: 'open-loan', limit: BORROWER_LIMIT } };
    // A member who joined today: no history to lend on.
    if (caller === 'reset') {
      const saveMore = savingsNeeded(STUDIO_LOAN_POLICY, 0n).toString();
      return { output: { status: 'refused', reason: 'no-savings', limit: '0', saveMore, borrow: '10000' } };
    }
    return { output: { status: 'refused', reason: 'too-new', limit: '0', days: 30 } };
  },
});

/** The fee, total and due date of a loan of `amount` for `termDays`. */
const loanTerms = effect<{ amount: string; termDays: number }, LoanTerms>({
  bank:
    ({ loans }) =>
    async (request) => {
      const quote = loans.quote(BigInt(request.amount), request.termDays);
      return { fee: quote.fee.toString(), total: quote.total.toString(), due: quote.dueAt.toISOString() };
    },
  memory: () => async (request) => {
    const fee = (BigInt(request.amount) * 500n * BigInt(request.termDays)) / 300_000n;
    return { fee: fee.toString(), total: (BigInt(request.amount) + fee).toString(), due: '2026-12-28T00:00:00.000Z' };
  },
  sample: ({ amount, termDays }) => {
    const fee = (BigInt(amount) * 500n * BigInt(termDays)) / (30n * 10_000n);
    // Quoted on the story's day: due the term chosen from it.
    return { output: { fee: fee.toString(), total: (BigInt(amount) + fee).toString(), due: storyDate(termDays) } };
  },
});

/** A loan granted and paid into the wallet. */
const applyLoan = effect<MoneyRequest & { termDays: number }, MoneyOutcome>({
  bank:
    ({ loans, moveThenBalance }) =>
    (request) =>
      moveThenBalance(request.memberId, () =>
        loans.apply({
          memberId: request.memberId,
          principal: BigInt(request.amount),
          termDays: request.termDays,
          idempotencyKey: request.idempotencyKey,
        }),
      ),
  memory: (world) => async (request) => {
    const member = world.byId(request.memberId);
    const principal = BigInt(request.amount);
    world.loan = { memberId: request.memberId, principal, total: principal + principal / 20n, paid: 0n };
    member.balance += principal;
    return { status: 'done', balance: member.balance.toString() };
  },
  sample: ({ amount }) => done(SAMPLE.balance + BigInt(amount)),
});

/** The member's latest loan, or null when they never borrowed. */
const loanStatus = effect<{ memberId: string }, LoanSummary | null>({
  bank:
    ({ loans }) =>
    async ({ memberId }) => {
      const loan = await loans.status(memberId);
      if (loan === undefined) return null;
      return {
        principal: loan.principal.toString(),
        fee: loan.fee.toString(),
        lateFee: loan.lateFee.toString(),
        paid: loan.paid.toString(),
        outstanding: loan.outstanding.toString(),
        due: loan.dueAt.toISOString(),
        open: loan.status === 'open',
        overdue: loan.overdue,
      };
    },
  memory: (world) => async () => {
    const { loan } = world;
    if (loan === undefined) return null;
    return {
      principal: loan.principal.toString(),
      fee: (loan.total - loan.principal).toString(),
      lateFee: '0',
      paid: loan.paid.toString(),
      outstanding: (loan.total - loan.paid).toString(),
      due: '2026-12-28T00:00:00.000Z',
      open: loan.paid < loan.total,
      overdue: false,
    };
  },
  sample: (_, { caller }) => ({ output: caller === 'debtor' ? OPEN_LOAN : null }),
});

/** A repayment from the wallet; the answer carries what is still owed. */
const repayLoan = effect<MoneyRequest, MoneyOutcome & { outstanding?: string }>({
  bank:
    ({ loans, money, move }) =>
    async (request) => {
      let outstanding: string | undefined;
      const outcome = await move(request.memberId, async () => {
        await loans.repayFromWallet({ ...request, amount: BigInt(request.amount) });
        outstanding = (await loans.status(request.memberId))?.outstanding.toString();
        return { balance: await money.walletBalance(request.memberId) };
      });
      return outstanding === undefined ? outcome : { ...outcome, outstanding };
    },
  memory: (world) => async (request) => {
    if (world.loan === undefined) return { status: 'refused', reason: 'no-open-loan', balance: '0' };
    const member = world.byId(request.memberId);
    member.balance -= BigInt(request.amount);
    world.loan.paid += BigInt(request.amount);
    return {
      status: 'done',
      balance: member.balance.toString(),
      outstanding: (world.loan.total - world.loan.paid).toString(),
    };
  },
  sample: ({ amount }) => {
    const outstanding = (LOAN.principal + LOAN.fee - BigInt(amount)).toString();
    return { output: { status: 'done', balance: (SAMPLE.balance - BigInt(amount)).toString(), outstanding } };
  },
});

/** A repayment by a mobile-money prompt: the loan moves when the provider confirms. */
const requestLoanRepayment = effect<MoneyRequest & { phone: string }, MoneyOutcome>({
  bank:
    ({ loans, moveThenBalance }) =>
    (request) =>
      moveThenBalance(request.memberId, () =>
        loans.requestMobileRepayment({ ...request, amount: BigInt(request.amount) }),
      ),
  memory:
    ({ requests, byId }) =>
    async (request) => {
      requests.push({ kind: 'loan-repayment', ...request });
      return { status: 'done', balance: byId(request.memberId).balance.toString() };
    },
  sample: () => done(SAMPLE.balance),
});

/** Loans: the offer, its terms, disbursement, status and repayments. */
export const loanEffects = { loanOffer, loanTerms, applyLoan, loanStatus, repayLoan, requestLoanRepayment };
