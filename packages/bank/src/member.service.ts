import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { findWallet, insertWallet } from './account.repository.js';
import type { Database, Language } from './database.js';
import type { Member } from './member.js';
import {
  clearWrongPins,
  findMemberById,
  findMemberByPhone,
  findPinCredential,
  insertMember,
  insertMemberAudit,
  insertPinHash,
  liftLock,
  replacePinHash,
  requireMember,
  reservePinAttempt,
  setOneTimePin,
  updateMemberLanguage,
} from './member.repository.js';
import { enqueueSms } from './notification.js';
import type { PinHasher } from './pin-hasher.js';
import { pinProblem } from './pin-rules.js';

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
  /** The number alerts (a PIN change, a lockout) tell a member to call. */
  readonly supportPhone?: string;
  /** How long a one-time PIN from an operator's reset works. Default 30 min. */
  readonly pinResetMs?: number;
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
  /** `mustChange`: the PIN is an operator's one-time PIN, to be replaced before anything else. */
  | { readonly status: 'ok'; readonly mustChange: boolean }
  | { readonly status: 'wrong'; readonly attemptsLeft: number }
  | { readonly status: 'locked'; readonly until: Date };

/** A 4-digit one-time PIN that passes the same rules as a chosen one. */
function oneTimePin(): string {
  for (;;) {
    const pin = String(randomInt(0, 10_000)).padStart(4, '0');
    if (pinProblem(pin) === undefined) return pin;
  }
}

export type MemberService = ReturnType<typeof createMemberService>;

/** Members, their PINs and their wallets: what registration and My account need. */
export function createMemberService(options: MemberServiceOptions) {
  const { db, pinHasher, pinPolicy } = options;
  const now = options.now ?? (() => new Date());
  const supportPhone = options.supportPhone ?? '';
  const pinResetMs = options.pinResetMs ?? 30 * 60_000;

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

    /** A new PIN chosen by the member: it ends any one-time PIN, and an SMS alert goes out. */
    changePin(memberId: string, newPin: string): Promise<void> {
      return pinHasher.admit(async () => {
        const pinHash = await pinHasher.hash(newPin);
        await db.transaction().execute(async (trx) => {
          await replacePinHash(trx, memberId, pinHash);
          const member = await requireMember(trx, memberId);
          await enqueueSms(trx, `pin-changed:${memberId}:${now().getTime()}`, {
            to: member.phone,
            language: member.language,
            template: 'pin-changed',
            params: { supportPhone },
          });
        });
        options.onQueued?.();
      });
    },

    /**
     * Whether the member's PIN is an operator's one-time PIN, to be changed before anything else
     * (`waiting`), or one that expired unused (`expired`: it can no longer match, only a new
     * reset helps).
     */
    async pinResetState(memberId: string): Promise<'none' | 'waiting' | 'expired'> {
      const stored = await findPinCredential(db, memberId);
      if (stored?.mustChange !== true) return 'none';
      return stored.expiresAt !== null && stored.expiresAt <= now() ? 'expired' : 'waiting';
    },

    /**
     * An operator's reset: a one-time PIN, hashed like any PIN, sent by SMS, working for
     * `pinResetMs` and to be changed on the next dial; the lock and wrong-PIN count are cleared
     * and an audit row says who did it and why. Returns when the one-time PIN stops working.
     */
    resetPin(request: { memberId: string; actor: string; reason: string }): Promise<{ expiresAt: Date }> {
      return pinHasher.admit(async () => {
        const pin = oneTimePin();
        const pinHash = await pinHasher.hash(pin);
        const at = now();
        const expiresAt = new Date(at.getTime() + pinResetMs);
        await db.transaction().execute(async (trx) => {
          const member = await requireMember(trx, request.memberId);
          await setOneTimePin(trx, member.id, pinHash, at, expiresAt);
          await liftLock(trx, member.id);
          const auditId = await insertMemberAudit(trx, {
            memberId: member.id,
            action: 'pin-reset',
            actor: request.actor,
            reason: request.reason,
          });
          await enqueueSms(trx, `pin-reset:${auditId}`, {
            to: member.phone,
            language: member.language,
            template: 'pin-reset',
            params: { pin, minutes: String(Math.round(pinResetMs / 60_000)) },
          });
        });
        options.onQueued?.();
        return { expiresAt };
      });
    },

    /** An operator lifts a lock (and the wrong-PIN count), with an audit row. */
    async unlock(request: { memberId: string; actor: string; reason: string }): Promise<{ wasLocked: boolean }> {
      return db.transaction().execute(async (trx) => {
        const member = await requireMember(trx, request.memberId);
        await liftLock(trx, member.id);
        await insertMemberAudit(trx, {
          memberId: member.id,
          action: 'unlock',
          actor: request.actor,
          reason: request.reason,
        });
        return { wasLocked: member.lockedUntil !== null && member.lockedUntil > now() };
      });
    },

    setLanguage: (memberId: string, language: Language) => updateMemberLanguage(db, memberId, language),

    /** The balance and the part of it held for an open loan (never more than the balance). */
    async walletBalance(memberId: string): Promise<{ currency: string; balance: bigint; held: bigint }> {
      const wallet = await findWallet(db, memberId);
      if (wallet === undefined) throw new Error(`member ${memberId} has no wallet`);
      let held = wallet.held;
      if (wallet.balance < held) held = wallet.balance;
      return { currency: wallet.currency, balance: wallet.balance, held };
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

  /** The SMS alert of a lockout, once per lock. */
  async function alertLockout(memberId: string, until: Date) {
    const member = await findMemberById(db, memberId);
    if (member === undefined) return;
    await db.transaction().execute((trx) =>
      enqueueSms(trx, `pin-locked:${memberId}:${until.getTime()}`, {
        to: member.phone,
        language: member.language,
        template: 'pin-locked',
        params: { minutes: String(Math.round(pinPolicy.lockMs / 60_000)), supportPhone },
      }),
    );
    options.onQueued?.();
  }

  async function verifyAdmitted(memberId: string, pin: string): Promise<PinCheck> {
    const at = now();
    const lockUntil = new Date(at.getTime() + pinPolicy.lockMs);
    const reserved = await reservePinAttempt(db, memberId, pinPolicy.maxAttempts, at, lockUntil);
    if (reserved === undefined) {
      const member = await requireMember(db, memberId);
      return { status: 'locked', until: member.lockedUntil ?? lockUntil };
    }

    const stored = await findPinCredential(db, memberId);
    // A one-time PIN stops working when it expires; only an operator's new reset helps then.
    const usable = stored !== undefined && (stored.expiresAt === null || stored.expiresAt > at);
    if (usable && (await pinHasher.verify(pin, stored.pinHash))) {
      await clearWrongPins(db, memberId);
      return { status: 'ok', mustChange: stored.mustChange };
    }
    if (reserved.lockedUntil !== null) {
      await alertLockout(memberId, reserved.lockedUntil);
      return { status: 'locked', until: reserved.lockedUntil };
    }
    return { status: 'wrong', attemptsLeft: pinPolicy.maxAttempts - reserved.attempts };
  }
}
