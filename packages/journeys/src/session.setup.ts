import { type Language, type PinProblem, pinProblem } from '@sacco/bank';
import type { ScreenMeta, UssdEvent, WORKING_TAG } from '@sacco/ussd';
import { assign, fromPromise, setup } from 'xstate';
import { normaliseMsisdn, parseAmount } from './amounts.js';
import type { ErrorKey, NoticeKey } from './messages/catalog.js';
import { isValidCity, isValidName, tidyName } from './names.js';
import type {
  DialInLookup,
  LoanOfferAnswer,
  LoanSummary,
  LoanTerms,
  MemberSummary,
  MoneyOutcome,
  MoneyRefusal,
  MoneyRequest,
  NewPin,
  PinVerification,
  RecipientLookup,
  RegisterResult,
  StatementItem,
} from './services.js';

/** The money journeys, each with its own amount limits. */
export type MoneyJourney = 'deposit' | 'withdrawal' | 'transfer' | 'airtime' | 'loan' | 'repayment';
export type AmountProblem = 'not-whole' | 'below' | 'above';

/** The session machine's memory. JSON only, and never a PIN: it is persisted in Redis. */
export interface SessionContext {
  readonly sessionId: string;
  readonly phone: string;
  /** The language screens are shown in; the member's own once known. */
  readonly language: Language;
  readonly member: MemberSummary | null;
  readonly draft: { fullName: string | null; city: string | null; language: Language | null };
  /** Keyed digest of a PIN typed once and waiting for its confirmation. */
  readonly pinDigest: string | null;
  /** A one-line reason shown above the screen that is asked again. */
  readonly error: ErrorKey | null;
  /** A one-line notice shown above the next screen. */
  readonly notice: NoticeKey | null;
  readonly attemptsLeft: number | null;
  readonly lockedMinutes: number | null;
  /** Minor units as a decimal string (JSON has no bigint). */
  readonly balance: { minor: string; currency: string } | null;
  readonly currency: string;
  /** The calling code numbers typed without one belong to, e.g. `254`. */
  readonly countryCode: string;
  /** The money journey under way, for its limits and its idempotency key. */
  readonly journey: MoneyJourney | null;
  /** A fresh id for each money journey started, so that no two of them share a key. */
  readonly journeyId: string | null;
  /** The amount typed, in minor units. */
  readonly amount: string | null;
  /** A phone number typed and not yet looked up. */
  readonly typedPhone: string | null;
  readonly recipient: { id: string; name: string; phone: string } | null;
  /** Whose phone the airtime is for. */
  readonly airtimeFor: string | null;
  readonly statement: readonly StatementItem[] | null;
  /** The loan terms on offer, in days, as configured when the session began. */
  readonly loanTerms: readonly number[];
  /** What the member may borrow now (minor units), once the offer is known. */
  readonly loanLimit: string | null;
  readonly loanTermDays: number | null;
  readonly loanQuote: LoanTerms | null;
  readonly loan: LoanSummary | null;
  /** Where a loan repayment comes from. */
  readonly repaySource: 'wallet' | 'mpesa' | null;
}

export interface SessionInput {
  readonly sessionId: string;
  readonly phone: string;
  readonly language: Language;
  readonly currency: string;
  readonly countryCode: string;
  readonly loanTerms: readonly number[];
}

const REFUSAL_ERRORS: Readonly<Record<MoneyRefusal, ErrorKey>> = {
  'insufficient-funds': 'error.insufficientFunds',
  'below-minimum': 'error.amountBelow',
  'above-maximum': 'error.amountAbove',
  'not-whole-units': 'error.amountWhole',
  'daily-limit': 'error.dailyLimit',
  'member-locked': 'error.memberLocked',
  'unknown-member': 'error.recipientUnknown',
  'self-transfer': 'error.recipientSelf',
  'open-loan': 'error.loanOpen',
  'not-eligible': 'error.loanNotEligible',
  'no-open-loan': 'error.noLoan',
  'above-outstanding': 'error.aboveOutstanding',
};

const OFFER_ERRORS: Readonly<Record<Extract<LoanOfferAnswer, { status: 'refused' }>['reason'], ErrorKey>> = {
  'open-loan': 'error.loanOpen',
  'too-new': 'error.loanTooNew',
  'no-savings': 'error.loanNoSavings',
};

// Stand-ins until `provide()` supplies the real effects (see session.machine.ts).
function notProvided<TOutput, TInput>(name: string) {
  return fromPromise<TOutput, TInput>(async () => {
    throw new Error(`actor ${name} was not provided`);
  });
}

const inputValue = (event: UssdEvent) => (event.type === 'INPUT' ? event.value : '');
const outputOf = (event: unknown) => (event as { output?: unknown }).output;

export const sessionSetup = setup({
  types: {
    context: {} as SessionContext,
    events: {} as UssdEvent,
    input: {} as SessionInput,
    meta: {} as ScreenMeta,
    tags: {} as typeof WORKING_TAG,
  },
  actors: {
    lookUpCaller: notProvided<DialInLookup, { phone: string }>('lookUpCaller'),
    digestPin: notProvided<string, { sessionId: string; pin: string }>('digestPin'),
    register: notProvided<
      RegisterResult,
      NewPin & { phone: string; fullName: string; city: string; language: Language }
    >('register'),
    verifyPin: notProvided<PinVerification, { memberId: string; pin: string }>('verifyPin'),
    changePin: notProvided<'changed' | 'pin-mismatch', NewPin & { memberId: string }>('changePin'),
    setLanguage: notProvided<void, { memberId: string; language: Language }>('setLanguage'),
    walletBalance: notProvided<{ minor: string; currency: string }, { memberId: string }>('walletBalance'),
    requestDeposit: notProvided<MoneyOutcome, MoneyRequest & { phone: string }>('requestDeposit'),
    withdraw: notProvided<MoneyOutcome, MoneyRequest & { phone: string }>('withdraw'),
    findRecipient: notProvided<RecipientLookup, { phone: string; caller: string }>('findRecipient'),
    transfer: notProvided<MoneyOutcome, MoneyRequest & { toMemberId: string }>('transfer'),
    buyAirtime: notProvided<MoneyOutcome, MoneyRequest & { phone: string }>('buyAirtime'),
    statement: notProvided<readonly StatementItem[], { memberId: string }>('statement'),
    loanOffer: notProvided<LoanOfferAnswer, { memberId: string }>('loanOffer'),
    loanTerms: notProvided<LoanTerms, { amount: string; termDays: number }>('loanTerms'),
    applyLoan: notProvided<MoneyOutcome, MoneyRequest & { termDays: number }>('applyLoan'),
    loanStatus: notProvided<LoanSummary | null, { memberId: string }>('loanStatus'),
    repayLoan: notProvided<MoneyOutcome & { outstanding?: string }, MoneyRequest>('repayLoan'),
    requestLoanRepayment: notProvided<MoneyOutcome, MoneyRequest & { phone: string }>('requestLoanRepayment'),
    requestCallBack: notProvided<'requested' | 'already-requested', { memberId: string; phone: string }>(
      'requestCallBack',
    ),
  },
  guards: {
    inputIs: ({ event }, params: { value: string }) => inputValue(event) === params.value,
    isValidName: ({ event }) => isValidName(inputValue(event)),
    isValidCity: ({ event }) => isValidCity(inputValue(event)),
    pinProblemIs: ({ event }, params: { problem: PinProblem }) => pinProblem(inputValue(event)) === params.problem,
    isRegistered: ({ context }) => context.member !== null,
    isAmount: ({ event }) => parseAmount(inputValue(event)) !== undefined,
    /** Replaced by the deployment's limits in `createSessionMachine`. */
    amountProblemIs: (_, _params: { problem: AmountProblem }) => false,
    isPhoneNumber: ({ context, event }) => normaliseMsisdn(inputValue(event), context.countryCode) !== undefined,
    isOwnNumber: ({ context, event }) => normaliseMsisdn(inputValue(event), context.countryCode) === context.phone,
    isTermChoice: ({ context, event }) => {
      const choice = Number(inputValue(event));
      return Number.isInteger(choice) && choice >= 1 && choice <= context.loanTerms.length;
    },
    hasOpenLoan: ({ event }) => (outputOf(event) as LoanSummary | null)?.open === true,
    hasLoan: ({ event }) => outputOf(event) !== null,
    recipientIsSelf: ({ context, event }) => {
      const output = outputOf(event) as RecipientLookup | undefined;
      return output?.status === 'found' && output.member.id === context.member?.id;
    },
    /** For the done event of an effect: its output's `status`, or the output itself. */
    resultIs: ({ event }, params: { status: string }) => {
      const output = outputOf(event);
      const status = typeof output === 'string' ? output : (output as { status?: string } | undefined)?.status;
      return status === params.status;
    },
  },
  actions: {
    reject: assign((_, params: { error: ErrorKey }) => ({ error: params.error })),
    clearMessages: assign({ error: null, notice: null }),
    notify: assign((_, params: { notice: NoticeKey }) => ({ notice: params.notice })),
    rememberName: assign(({ context, event }) => ({
      draft: { ...context.draft, fullName: tidyName(inputValue(event)) },
    })),
    rememberCity: assign(({ context, event }) => ({ draft: { ...context.draft, city: tidyName(inputValue(event)) } })),
    chooseLanguage: assign(({ context }, params: { language: Language }) => ({
      draft: { ...context.draft, language: params.language },
      language: params.language,
    })),
    rememberPinDigest: assign(({ event }) => ({ pinDigest: outputOf(event) as string })),
    forgetPinDigest: assign({ pinDigest: null }),
    rememberMember: assign(({ event }) => {
      const member = (outputOf(event) as { member: MemberSummary }).member;
      return { member, language: member.language };
    }),
    rememberLockedMinutes: assign(({ event }) => ({
      lockedMinutes: (outputOf(event) as { lockedMinutes: number }).lockedMinutes,
    })),
    rememberAttemptsLeft: assign(({ event }) => ({
      attemptsLeft: (outputOf(event) as { attemptsLeft: number }).attemptsLeft,
    })),
    rememberBalance: assign(({ event }) => ({ balance: outputOf(event) as { minor: string; currency: string } })),
    startJourney: assign((_, params: { journey: MoneyJourney }) => ({
      journey: params.journey,
      journeyId: globalThis.crypto.randomUUID(),
      amount: null,
      typedPhone: null,
      recipient: null,
      airtimeFor: null,
    })),
    rememberAmount: assign(({ event }) => ({ amount: parseAmount(inputValue(event))?.toString() ?? null })),
    rememberTypedPhone: assign(({ context, event }) => ({
      typedPhone: normaliseMsisdn(inputValue(event), context.countryCode) ?? null,
    })),
    rememberRecipient: assign(({ context, event }) => {
      const output = outputOf(event) as Extract<RecipientLookup, { status: 'found' }>;
      return { recipient: { ...output.member, phone: context.typedPhone ?? '' } };
    }),
    airtimeForMe: assign(({ context }) => ({ airtimeFor: context.phone })),
    airtimeForTypedPhone: assign(({ context }) => ({ airtimeFor: context.typedPhone })),
    rememberOutcome: assign(({ context, event }) => ({
      balance: { minor: (outputOf(event) as MoneyOutcome).balance, currency: context.currency },
    })),
    rejectRefusal: assign(({ context, event }) => {
      const output = outputOf(event) as Extract<MoneyOutcome, { status: 'refused' }>;
      return {
        error: REFUSAL_ERRORS[output.reason],
        balance: { minor: output.balance, currency: context.currency },
      };
    }),
    rememberStatement: assign(({ event }) => ({ statement: outputOf(event) as readonly StatementItem[] })),
    rememberLoanOffer: assign(({ event }) => ({ loanLimit: (outputOf(event) as LoanOfferAnswer).limit })),
    rejectLoanOffer: assign(({ event }) => {
      const offer = outputOf(event) as Extract<LoanOfferAnswer, { status: 'refused' }>;
      return { error: OFFER_ERRORS[offer.reason], loanLimit: offer.limit };
    }),
    rememberTerm: assign(({ context, event }) => ({
      loanTermDays: context.loanTerms[Number(inputValue(event)) - 1] ?? null,
    })),
    rememberLoanQuote: assign(({ event }) => ({ loanQuote: outputOf(event) as LoanTerms })),
    rememberLoan: assign(({ event }) => ({ loan: outputOf(event) as LoanSummary | null })),
    chooseRepaySource: assign((_, params: { source: 'wallet' | 'mpesa' }) => ({ repaySource: params.source })),
    rememberRepayment: assign(({ context, event }) => {
      const output = outputOf(event) as MoneyOutcome & { outstanding?: string };
      return {
        balance: { minor: output.balance, currency: context.currency },
        loan:
          context.loan === null
            ? null
            : { ...context.loan, outstanding: output.outstanding ?? context.loan.outstanding },
      };
    }),
    switchLanguage: assign(({ context }, params: { language: Language }) => ({
      language: params.language,
      member: context.member === null ? null : { ...context.member, language: params.language },
    })),
  },
});
