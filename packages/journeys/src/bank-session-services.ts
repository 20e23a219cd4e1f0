import { isLocked, type MemberService, type PinHasher } from '@sacco/bank';
import type { MemberSummary, SessionServices } from './services.js';

export interface BankSessionServicesOptions {
  readonly members: MemberService;
  readonly pinHasher: PinHasher;
  readonly now?: () => Date;
}

/** The session machine's effects, done by the bank on PostgreSQL. */
export function createBankSessionServices(options: BankSessionServicesOptions): SessionServices {
  const { members, pinHasher } = options;
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
  };
}
