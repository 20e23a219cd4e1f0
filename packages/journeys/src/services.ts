import type { Language } from '@sacco/bank';

/** A registered member as the session machine keeps it: ids and display data only. */
export interface MemberSummary {
  readonly id: string;
  readonly name: string;
  readonly language: Language;
}

export type DialInLookup =
  | { readonly status: 'unknown' }
  | { readonly status: 'locked'; readonly lockedMinutes: number }
  | { readonly status: 'member'; readonly member: MemberSummary };

export type RegisterResult =
  | { readonly status: 'registered'; readonly member: MemberSummary }
  | { readonly status: 'already-registered' }
  | { readonly status: 'pin-mismatch' };

export type PinVerification =
  | { readonly status: 'ok' }
  | { readonly status: 'wrong'; readonly attemptsLeft: number }
  | { readonly status: 'locked' };

export interface NewPin {
  readonly sessionId: string;
  /** The PIN typed on the confirmation screen, in memory for this call only. */
  readonly pin: string;
  /** The keyed digest remembered from the first entry. */
  readonly pinDigest: string;
}

/**
 * What the session machine asks of the outside world. The server wires these to the bank;
 * machine tests use an in-memory fake. Every call is safe to repeat.
 */
export interface SessionServices {
  lookUpCaller(phone: string): Promise<DialInLookup>;
  /** A keyed digest of a PIN, so a confirmation can be compared without keeping the PIN. */
  digestPin(sessionId: string, pin: string): Promise<string>;
  register(
    request: NewPin & { phone: string; fullName: string; city: string; language: Language },
  ): Promise<RegisterResult>;
  verifyPin(memberId: string, pin: string): Promise<PinVerification>;
  changePin(request: NewPin & { memberId: string }): Promise<'changed' | 'pin-mismatch'>;
  setLanguage(memberId: string, language: Language): Promise<void>;
  /** The wallet balance in minor units. */
  walletBalance(memberId: string): Promise<{ minor: bigint; currency: string }>;
}
