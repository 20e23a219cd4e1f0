import type { Language } from '@sacco/bank';
import type { SessionServices } from './services.js';

interface FakeMember {
  id: string;
  name: string;
  language: Language;
  phone: string;
  pin: string;
  failures: number;
  locked: boolean;
  balance: bigint;
}

/**
 * SessionServices in memory, for machine tests: the same answers the bank gives, with the
 * PIN kept in clear because nothing here is ever persisted.
 */
export function createFakeSessionServices(maxAttempts = 3) {
  const members = new Map<string, FakeMember>();
  const requests: { kind: string; idempotencyKey: string; amount: string }[] = [];
  const state = { loanLimit: 0n };
  let loan: { memberId: string; principal: bigint; total: bigint; paid: bigint } | undefined;
  const digest = (sessionId: string, pin: string) => `digest:${sessionId}:${pin}`;
  const byId = (id: string) => {
    const member = [...members.values()].find((m) => m.id === id);
    if (member === undefined) throw new Error(`no member ${id}`);
    return member;
  };

  const services: SessionServices = {
    async lookUpCaller(phone) {
      const member = members.get(phone);
      if (member === undefined) return { status: 'unknown' };
      if (member.locked) return { status: 'locked', lockedMinutes: 30 };
      return { status: 'member', member: { id: member.id, name: member.name, language: member.language } };
    },
    digestPin: async (sessionId, pin) => digest(sessionId, pin),
    async register(request) {
      if (digest(request.sessionId, request.pin) !== request.pinDigest) return { status: 'pin-mismatch' };
      if (members.has(request.phone)) return { status: 'already-registered' };
      const member: FakeMember = {
        id: `member-${members.size + 1}`,
        name: request.fullName,
        language: request.language,
        phone: request.phone,
        pin: request.pin,
        failures: 0,
        locked: false,
        balance: 0n,
      };
      members.set(request.phone, member);
      return { status: 'registered', member: { id: member.id, name: member.name, language: member.language } };
    },
    async verifyPin(memberId, pin) {
      const member = byId(memberId);
      if (member.pin === pin) {
        member.failures = 0;
        return { status: 'ok' };
      }
      member.failures += 1;
      if (member.failures >= maxAttempts) {
        member.locked = true;
        return { status: 'locked' };
      }
      return { status: 'wrong', attemptsLeft: maxAttempts - member.failures };
    },
    async changePin(request) {
      if (digest(request.sessionId, request.pin) !== request.pinDigest) return 'pin-mismatch';
      byId(request.memberId).pin = request.pin;
      return 'changed';
    },
    async setLanguage(memberId, language: Language) {
      byId(memberId).language = language;
    },
    async walletBalance(memberId) {
      return { minor: byId(memberId).balance, currency: 'KES' };
    },
    async requestDeposit(request) {
      requests.push({ kind: 'deposit', ...request });
      return { status: 'done', balance: byId(request.memberId).balance.toString() };
    },
    async withdraw(request) {
      return debitWallet('withdraw', request);
    },
    async findRecipient(phone) {
      const member = members.get(phone);
      return member === undefined
        ? { status: 'unknown' }
        : { status: 'found', member: { id: member.id, name: member.name } };
    },
    async transfer(request) {
      const outcome = await debitWallet('transfer', request);
      if (outcome.status === 'done') byId(request.toMemberId).balance += BigInt(request.amount);
      return outcome;
    },
    async buyAirtime(request) {
      return debitWallet('airtime', request);
    },
    async statement() {
      return [];
    },
    async loanOffer() {
      if (loan !== undefined && loan.paid < loan.total) return { status: 'refused', reason: 'open-loan', limit: '0' };
      if (state.loanLimit < 10_000n)
        return { status: 'refused', reason: 'no-savings', limit: state.loanLimit.toString() };
      return { status: 'eligible', limit: state.loanLimit.toString() };
    },
    async loanTerms(request) {
      const fee = (BigInt(request.amount) * 500n * BigInt(request.termDays)) / 300_000n;
      return { fee: fee.toString(), total: (BigInt(request.amount) + fee).toString(), due: '2026-12-28T00:00:00.000Z' };
    },
    async applyLoan(request) {
      const member = byId(request.memberId);
      const principal = BigInt(request.amount);
      loan = { memberId: request.memberId, principal, total: principal + principal / 20n, paid: 0n };
      member.balance += principal;
      return { status: 'done', balance: member.balance.toString() };
    },
    async loanStatus() {
      if (loan === undefined) return null;
      return {
        principal: loan.principal.toString(),
        fee: (loan.total - loan.principal).toString(),
        paid: loan.paid.toString(),
        outstanding: (loan.total - loan.paid).toString(),
        due: '2026-12-28T00:00:00.000Z',
        open: loan.paid < loan.total,
        overdue: false,
      };
    },
    async repayLoan(request) {
      if (loan === undefined) return { status: 'refused', reason: 'no-open-loan', balance: '0' };
      const member = byId(request.memberId);
      member.balance -= BigInt(request.amount);
      loan.paid += BigInt(request.amount);
      return { status: 'done', balance: member.balance.toString(), outstanding: (loan.total - loan.paid).toString() };
    },
    async requestLoanRepayment(request) {
      requests.push({ kind: 'loan-repayment', ...request });
      return { status: 'done', balance: byId(request.memberId).balance.toString() };
    },
    async requestCallBack(request) {
      if (requests.some((r) => r.kind === 'call' && r.idempotencyKey === request.memberId)) return 'already-requested';
      requests.push({ kind: 'call', idempotencyKey: request.memberId, amount: '0' });
      return 'requested';
    },
  };

  /** Takes money from the wallet once per idempotency key, refusing an overdraft. */
  async function debitWallet(kind: string, request: { idempotencyKey: string; memberId: string; amount: string }) {
    const member = byId(request.memberId);
    if (!requests.some((r) => r.idempotencyKey === request.idempotencyKey)) {
      if (member.balance < BigInt(request.amount)) {
        return { status: 'refused', reason: 'insufficient-funds', balance: member.balance.toString() } as const;
      }
      member.balance -= BigInt(request.amount);
      requests.push({ kind, ...request });
    }
    return { status: 'done', balance: member.balance.toString() } as const;
  }
  return {
    services,
    members,
    requests,
    get loanLimit() {
      return state.loanLimit;
    },
    set loanLimit(limit: bigint) {
      state.loanLimit = limit;
    },
  };
}
