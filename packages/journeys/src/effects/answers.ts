import type { Language, MoneyErrorCode } from '@sacco/bank';

// The answers effects give the session machine (see registry.ts). Amounts are minor-unit strings: the
// context is JSON.

/** A registered member as the session machine keeps it: ids and display data only. */
export interface MemberSummary {
  readonly id: string;
  readonly name: string;
  readonly language: Language;
}

export type DialInLookup =
  | { readonly status: 'unknown' }
  | { readonly status: 'locked'; readonly lockedMinutes: number }
  | { readonly status: 'member'; readonly member: MemberSummary }
  /** An operator reset the PIN: the one-time PIN must be changed before anything else. */
  | { readonly status: 'reset'; readonly member: MemberSummary }
  /** The operator's one-time PIN expired unused: only a new reset helps, so no PIN is asked for. */
  | { readonly status: 'reset-expired' };

export type RegisterResult =
  | { readonly status: 'registered'; readonly member: MemberSummary }
  | { readonly status: 'already-registered' }
  | { readonly status: 'pin-mismatch' };

export type PinVerification =
  | { readonly status: 'ok' }
  | { readonly status: 'wrong'; readonly attemptsLeft: number }
  | { readonly status: 'locked' }
  /** Right, but a one-time PIN from an operator's reset: a PIN of the member's own comes first. */
  | { readonly status: 'must-change' };

export interface NewPin {
  readonly sessionId: string;
  /** The PIN typed on the confirmation screen, in memory for this call only. */
  readonly pin: string;
  /** The keyed digest remembered from the first entry. */
  readonly pinDigest: string;
}

/** Why money did not move; the member is told and asked again. */
export type MoneyRefusal = MoneyErrorCode;

/** The outcome of a money movement asked for from a USSD session. Amounts are minor-unit strings. */
export type MoneyOutcome =
  | { readonly status: 'done'; readonly balance: string }
  | { readonly status: 'refused'; readonly reason: MoneyRefusal; readonly balance: string };

export type RecipientLookup =
  | { readonly status: 'found'; readonly member: { readonly id: string; readonly name: string } }
  | { readonly status: 'unknown' }
  /** The caller has looked up too many numbers in the rate-limit window. */
  | { readonly status: 'limited' };

export interface StatementItem {
  /** ISO timestamp. */
  readonly at: string;
  readonly kind: string;
  /** Signed minor units as a string: money in is positive. */
  readonly amount: string;
}

/** A movement asked for in a session: the key makes a repeated hop move nothing twice. */
export interface MoneyRequest {
  readonly idempotencyKey: string;
  readonly memberId: string;
  readonly amount: string;
}

export type LoanOfferAnswer =
  | { readonly status: 'eligible'; readonly limit: string }
  | {
      readonly status: 'refused';
      readonly reason: 'open-loan' | 'too-new' | 'no-savings';
      readonly limit: string;
      /** too-new: whole days until the member may borrow. */
      readonly days?: number;
      /** no-savings: how much more to save (minor units) to borrow `borrow`, the smallest loan. */
      readonly saveMore?: string;
      readonly borrow?: string;
    };

/** A loan as its status screen shows it; amounts are minor-unit strings, `due` an ISO date. */
export interface LoanSummary {
  readonly principal: string;
  readonly fee: string;
  /** The late fee added when the loan went overdue ('0' until then). */
  readonly lateFee: string;
  readonly paid: string;
  readonly outstanding: string;
  readonly due: string;
  readonly open: boolean;
  readonly overdue: boolean;
}

export interface LoanTerms {
  readonly fee: string;
  readonly total: string;
  readonly due: string;
}
