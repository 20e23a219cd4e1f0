import {
  type CallService,
  isLocked,
  type LoanService,
  type MemberService,
  MoneyError,
  type MoneyService,
  type PinHasher,
} from '@sacco/bank';
import type { MemberSummary, MoneyOutcome, SessionServices } from './services.js';

export interface BankSessionServicesOptions {
  readonly members: MemberService;
  readonly money: MoneyService;
  readonly loans: LoanService;
  readonly calls: CallService;
  readonly pinHasher: PinHasher;
  readonly now?: () => Date;
}

/** The session machine's effects, done by the bank on PostgreSQL. */
export function createBankSessionServices(options: BankSessionServicesOptions): SessionServices {
  const { members, money, loans, calls, pinHasher } = options;

  /** Runs a movement; a refusal comes back as an answer for the member, with their balance. */
  async function move(memberId: string, work: () => Promise<{ balance: bigint }>): Promise<MoneyOutcome> {
    try {
      const { balance } = await work();
      return { status: 'done', balance: balance.toString() };
    } catch (error) {
      if (!(error instanceof MoneyError)) throw error;
      return { status: 'refused', reason: error.code, balance: (await money.walletBalance(memberId)).toString() };
    }
  }
  const now = options.now ?? (() => new Date());
  const summary = (m: { id: string; fullName: string; language: MemberSummary['language'] }): MemberSummary => ({
    id: m.id,
    name: m.fullName,
    language: m.language,
  });

  return {
    async lookUpCaller(phone) {
      const member = await members.findByPhone(phone);
      if (member === undefined) return { status: 'unknown' };
      if (isLocked(member, now())) {
        const ms = (member.lockedUntil as Date).getTime() - now().getTime();
        return { status: 'locked', lockedMinutes: Math.max(1, Math.ceil(ms / 60_000)) };
      }
      return { status: 'member', member: summary(member) };
    },

    async digestPin(sessionId, pin) {
      return pinHasher.digest(pin, sessionId);
    },

    async register(request) {
      if (!pinHasher.matchesDigest(request.pin, request.sessionId, request.pinDigest)) {
        return { status: 'pin-mismatch' };
      }
      const result = await members.register(request);
      if (result.status === 'already-registered') return result;
      return { status: 'registered', member: summary(result.member) };
    },

    async verifyPin(memberId, pin) {
      const check = await members.verifyPin(memberId, pin);
      return check.status === 'locked' ? { status: 'locked' } : check;
    },

    async changePin(request) {
      if (!pinHasher.matchesDigest(request.pin, request.sessionId, request.pinDigest)) return 'pin-mismatch';
      await members.changePin(request.memberId, request.pin);
      return 'changed';
    },

    setLanguage: (memberId, language) => members.setLanguage(memberId, language),

    async walletBalance(memberId) {
      const wallet = await members.walletBalance(memberId);
      return { minor: wallet.balance, currency: wallet.currency };
    },

    requestDeposit: (request) =>
      move(request.memberId, async () => {
        await money.requestDeposit({ ...request, amount: BigInt(request.amount) });
        return { balance: await money.walletBalance(request.memberId) };
      }),

    withdraw: (request) =>
      move(request.memberId, () => money.requestWithdrawal({ ...request, amount: BigInt(request.amount) })),

    async findRecipient(phone) {
      const member = await members.findByPhone(phone);
      return member === undefined
        ? { status: 'unknown' }
        : { status: 'found', member: { id: member.id, name: member.fullName } };
    },

    transfer: (request) =>
      move(request.memberId, () =>
        money.transfer({
          fromMemberId: request.memberId,
          toMemberId: request.toMemberId,
          amount: BigInt(request.amount),
          idempotencyKey: request.idempotencyKey,
        }),
      ),

    buyAirtime: (request) =>
      move(request.memberId, () => money.buyAirtime({ ...request, amount: BigInt(request.amount) })),

    async loanOffer(memberId) {
      const offer = await loans.offer(memberId);
      return offer.eligible
        ? { status: 'eligible', limit: offer.limit.toString() }
        : { status: 'refused', reason: offer.reason, limit: offer.limit.toString() };
    },

    async loanTerms(request) {
      const quote = loans.quote(BigInt(request.amount), request.termDays);
      return { fee: quote.fee.toString(), total: quote.total.toString(), due: quote.dueAt.toISOString() };
    },

    applyLoan: (request) =>
      move(request.memberId, async () => {
        await loans.apply({
          memberId: request.memberId,
          principal: BigInt(request.amount),
          termDays: request.termDays,
          idempotencyKey: request.idempotencyKey,
        });
        return { balance: await money.walletBalance(request.memberId) };
      }),

    async loanStatus(memberId) {
      const loan = await loans.status(memberId);
      if (loan === undefined) return null;
      return {
        principal: loan.principal.toString(),
        fee: (loan.fee + loan.lateFee).toString(),
        paid: loan.paid.toString(),
        outstanding: loan.outstanding.toString(),
        due: loan.dueAt.toISOString(),
        open: loan.status === 'open',
        overdue: loan.overdue,
      };
    },

    async repayLoan(request) {
      let outstanding: string | undefined;
      const outcome = await move(request.memberId, async () => {
        await loans.repayFromWallet({ ...request, amount: BigInt(request.amount) });
        outstanding = (await loans.status(request.memberId))?.outstanding.toString();
        return { balance: await money.walletBalance(request.memberId) };
      });
      return outstanding === undefined ? outcome : { ...outcome, outstanding };
    },

    requestLoanRepayment: (request) =>
      move(request.memberId, async () => {
        await loans.requestMobileRepayment({ ...request, amount: BigInt(request.amount) });
        return { balance: await money.walletBalance(request.memberId) };
      }),

    requestCallBack: (request) => calls.requestCallBack(request),

    async statement(memberId) {
      const lines = await money.statement(memberId);
      return lines.map((line) => ({ at: line.at.toISOString(), kind: line.kind, amount: line.amount.toString() }));
    },
  };
}
