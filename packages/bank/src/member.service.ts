import type { Kysely } from 'kysely';
import { findWallet, insertWallet } from './account.repository.js';
import type { Database, Language } from './database.js';
import type { Member } from './member.js';
import {
  clearWrongPins,
  findMemberById,
  findMemberByPhone,
  findPinHash,
  insertMember,
  insertPinHash,
  replacePinHash,
  reservePinAttempt,
  updateMemberLanguage,
} from './member.repository.js';
import { enqueueSms } from './notification.js';
import type { PinHasher } from './pin-hasher.js';

export interface PinPolicy {
  /** Wrong PINs in a row that lock the member. */
  readonly maxAttempts: number;
  readonly lockMs: number;
}

export interface MemberServiceOptions {
  readonly db: Kysely<Database>;
  readonly pinHasher: PinHasher;
  readonly currency: string;
  readonly pinPolicy: PinPolicy;
  /** Called after a commit that queued an effect (the welcome SMS). */
  readonly onQueued?: () => void;
  readonly now?: () => Date;
}

export interface Registration {
  readonly phone: string;
  readonly fullName: string;
  readonly city: string;
  readonly language: Language;
  readonly pin: string;
}

export type RegistrationResult =
  | { readonly status: 'registered'; readonly member: Member }
  | { readonly status: 'already-registered' };

export type PinCheck =
  | { readonly status: 'ok' }
  | { readonly status: 'wrong'; readonly attemptsLeft: number }
  | { readonly status: 'locked'; readonly until: Date };

export type MemberService = ReturnType<typeof createMemberService>;

/** Members, their PINs and their wallets: what registration and My account need. */
export function createMemberService(options: MemberServiceOptions) {
  const { db, pinHasher, pinPolicy } = options;
  const now = options.now ?? (() => new Date());

  return {
    findByPhone: (phone: string) => findMemberByPhone(db, phone),

    /**
     * Member, wallet and PIN credential in one transaction: all three exist or none does.
     * A phone that registered meanwhile (another session) is reported, not overwritten. A
     * saturated hasher refuses (PinHashBusyError) before anything is written.
     */
    register(registration: Registration): Promise<RegistrationResult> {
      return pinHasher.admit(() => registerAdmitted(registration));
    },

    /**
     * Checks a PIN and keeps the wrong-PIN count in the database (it outlives sessions). The
     * attempt is reserved before the slow hash, atomically, so parallel guesses cannot get past
     * the lock: a refused reservation answers `locked` without evaluating the PIN. A saturated
     * hasher refuses (PinHashBusyError) before the attempt is reserved.
     */
    verifyPin(memberId: string, pin: string): Promise<PinCheck> {
      return pinHasher.admit(() => verifyAdmitted(memberId, pin));
    },

    changePin(memberId: string, newPin: string): Promise<void> {
      return pinHasher.admit(async () => replacePinHash(db, memberId, await pinHasher.hash(newPin)));
    },

    setLanguage: (memberId: string, language: Language) => updateMemberLanguage(db, memberId, language),

    async walletBalance(memberId: string): Promise<{ currency: string; balance: bigint }> {
      const wallet = await findWallet(db, memberId);
      if (wallet === undefined) throw new Error(`member ${memberId} has no wallet`);
      return { currency: wallet.currency, balance: wallet.balance };
    },
  };

  async function registerAdmitted(registration: Registration): Promise<RegistrationResult> {
    const pinHash = await pinHasher.hash(registration.pin);
    const result = await db.transaction().execute(async (trx) => {
      const member = await insertMember(trx, registration);
      if (member === undefined) return { status: 'already-registered' } as const;
      await insertWallet(trx, member.id, options.currency);
      await insertPinHash(trx, member.id, pinHash);
      await enqueueSms(trx, `welcome:${member.id}`, {
        to: member.phone,
        language: member.language,
        template: 'welcome',
        params: { name: member.fullName },
      });
      return { status: 'registered', member } as const;
    });
    if (result.status === 'registered') options.onQueued?.();
    return result;
  }

  async function verifyAdmitted(memberId: string, pin: string): Promise<PinCheck> {
    const at = now();
    const lockUntil = new Date(at.getTime() + pinPolicy.lockMs);
    const reserved = await reservePinAttempt(db, memberId, pinPolicy.maxAttempts, at, lockUntil);
    if (reserved === undefined) {
      const member = await findMemberById(db, memberId);
      if (member === undefined) throw new Error(`member ${memberId} not found`);
      return { status: 'locked', until: member.lockedUntil ?? lockUntil };
    }

    const stored = await findPinHash(db, memberId);
    if (stored !== undefined && (await pinHasher.verify(pin, stored))) {
      await clearWrongPins(db, memberId);
      return { status: 'ok' };
    }
    if (reserved.lockedUntil !== null) return { status: 'locked', until: reserved.lockedUntil };
    return { status: 'wrong', attemptsLeft: pinPolicy.maxAttempts - reserved.attempts };
  }
}
