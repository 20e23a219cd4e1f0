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
  return { services, members, requests };
}
