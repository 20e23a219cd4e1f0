import type { Language, MoneyErrorCode } from '@sacco/bank';

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
export interface SessionServices extends MoneyServices, LoanAndCallServices {
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

/** The money part of SessionServices (see SessionServices). */
export interface MoneyServices {
  requestDeposit(request: MoneyRequest & { phone: string }): Promise<MoneyOutcome>;
  withdraw(request: MoneyRequest & { phone: string }): Promise<MoneyOutcome>;
  /** Who `phone` belongs to; `caller` is the phone looking (its look-ups are rate limited). */
  findRecipient(phone: string, caller: string): Promise<RecipientLookup>;
  transfer(request: MoneyRequest & { toMemberId: string }): Promise<MoneyOutcome>;
  buyAirtime(request: MoneyRequest & { phone: string }): Promise<MoneyOutcome>;
  statement(memberId: string): Promise<readonly StatementItem[]>;
}

export type LoanOfferAnswer =
  | { readonly status: 'eligible'; readonly limit: string }
  | { readonly status: 'refused'; readonly reason: 'open-loan' | 'too-new' | 'no-savings'; readonly limit: string };

/** A loan as its status screen shows it; amounts are minor-unit strings, `due` an ISO date. */
export interface LoanSummary {
  readonly principal: string;
  readonly fee: string;
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

/** Loans and call-backs (see SessionServices). */
export interface LoanAndCallServices {
  loanOffer(memberId: string): Promise<LoanOfferAnswer>;
  loanTerms(request: { amount: string; termDays: number }): Promise<LoanTerms>;
  applyLoan(request: MoneyRequest & { termDays: number }): Promise<MoneyOutcome>;
  loanStatus(memberId: string): Promise<LoanSummary | null>;
  repayLoan(request: MoneyRequest): Promise<MoneyOutcome & { outstanding?: string }>;
  requestLoanRepayment(request: MoneyRequest & { phone: string }): Promise<MoneyOutcome>;
  requestCallBack(request: { memberId: string; phone: string }): Promise<'requested' | 'already-requested'>;
}
