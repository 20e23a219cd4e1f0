import { formatMoney, type Language, type PinProblem, pinProblem } from '@sacco/bank';
import type { ScreenMeta, UssdEvent, WORKING_TAG } from '@sacco/ussd';
import { assign, setup } from 'xstate';
import { normaliseMsisdn, parseAmount } from './amounts.js';
import type {
  DialInLookup,
  LoanOfferAnswer,
  LoanSummary,
  LoanTerms,
  MemberSummary,
  MoneyOutcome,
  MoneyRefusal,
  PinVerification,
  RecipientLookup,
  RegisterResult,
  StatementItem,
} from './effects/answers.js';
import { effectActors, notProvidedServices } from './effects/registry.js';
import type { ErrorKey, NoticeKey } from './messages/catalog.js';
import { isValidCity, isValidName, tidyName } from './names.js';

export type AmountProblem = 'not-whole' | 'below' | 'above';

/** A wallet balance: minor units as a decimal string (JSON has no bigint). */
export interface Balance {
  readonly minor: string;
  readonly currency: string;
  /** The part held for an open loan (minor units), when there is one. */
  readonly held?: string;
}

/** What every money journey keeps besides its own fields. */
export interface MoneyFields {
  /** A fresh id for each journey started, so that no two movements share an idempotency key. */
  readonly id: string;
  /** The amount typed, in minor units. */
  readonly amount: string | null;
  /** The wallet balance the last movement left. */
  readonly balance: Balance | null;
}

/**
 * Each journey's own fields, by its `kind`. A journey file adds its entry next to its states:
 * `declare module './session.setup.js' { interface JourneyContexts { deposit: DepositContext } }`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the journey files
export interface JourneyContexts {}

/** The journey under way and its own fields. Entering a journey (`startJourney`) replaces the previous one's. */
export type JourneyContext = JourneyContexts[keyof JourneyContexts];
export type JourneyKind = JourneyContext['kind'];
/** A journey as it starts: its fields without the fresh id `startJourney` gives it. */
export type JourneyStart = JourneyContext extends infer J ? (J extends JourneyContext ? Omit<J, 'id'> : never) : never;
/** The money journeys, each with its own amount limits. */
export type MoneyJourney = Extract<JourneyContext, MoneyFields>['kind'];

/** The session machine's memory. JSON only, and never a PIN: it is persisted in Redis. */
export interface SessionContext {
  readonly sessionId: string;
  readonly phone: string;
  /** The language screens are shown in; the member's own once known. */
  readonly language: Language;
  readonly member: MemberSummary | null;
  /** A one-line reason shown above the screen that is asked again. */
  readonly error: ErrorKey | null;
  /** A one-line notice shown above the next screen. */
  readonly notice: NoticeKey | null;
  /** Wrong PINs the member may still type; any journey asks for the PIN. */
  readonly attemptsLeft: number | null;
  /** The member's PIN was right once this session: reading (balance, statement) asks no more. */
  readonly pinChecked: boolean;
  readonly currency: string;
  /** The calling code numbers typed without one belong to, e.g. `254`. */
  readonly countryCode: string;
  /** The loan terms on offer, in days, as configured when the session began. */
  readonly loanTerms: readonly number[];
  readonly journey: JourneyContext | null;
}

type KeysOf<T> = T extends unknown ? keyof T : never;
type FieldOf<T, K extends PropertyKey> = T extends { readonly [P in K]: infer V } ? V : never;
/** Every journey's fields, each optional: a way to read the journey under way whatever it is. */
export type JourneyView = { readonly [K in KeysOf<JourneyContext>]?: FieldOf<JourneyContext, K> };
/** The journey under way, read through `JourneyView`. */
export const journeyView = (context: SessionContext): JourneyView => context.journey ?? {};

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
  'held-for-loan': 'error.heldForLoan',
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
  // These two have screens of their own (what is missing); the lines are never shown.
  'too-new': 'error.loanNotEligible',
  'no-savings': 'error.loanNotEligible',
};

const inputValue = (event: UssdEvent) => (event.type === 'INPUT' ? event.value : '');

/** The outcome an effect's done event reports: its output's `status`, or the output itself. */
function resultOf(event: object): unknown {
  if (!('output' in event)) return undefined;
  const { output } = event;
  if (typeof output === 'string') return output;
  return typeof output === 'object' && output !== null && 'status' in output ? output.status : undefined;
}

export const sessionSetup = setup({
  types: {
    context: {} as SessionContext,
    events: {} as UssdEvent,
    input: {} as SessionInput,
    meta: {} as ScreenMeta,
    tags: {} as typeof WORKING_TAG,
  },
  // Every effect of the registry, invoked by name; `createSessionMachine` provides the real ones.
  actors: effectActors(notProvidedServices),
  guards: {
    inputIs: ({ event }, params: { value: string }) => inputValue(event) === params.value,
    isValidName: ({ event }) => isValidName(inputValue(event)),
    isValidCity: ({ event }) => isValidCity(inputValue(event)),
    pinProblemIs: ({ event }, params: { problem: PinProblem }) => pinProblem(inputValue(event)) === params.problem,
    /** Four digits: the only input a PIN check takes as a guess. */
    isPinShaped: ({ event }) => pinProblem(inputValue(event)) !== 'not-four-digits',
    isRegistered: ({ context }) => context.member !== null,
    pinChecked: ({ context }) => context.pinChecked,
    isAmount: ({ event }) => parseAmount(inputValue(event)) !== undefined,
    /** Replaced by the deployment's limits in `createSessionMachine`. */
    amountProblemIs: (_, _params: { problem: AmountProblem }) => false,
    isPhoneNumber: ({ context, event }) => normaliseMsisdn(inputValue(event), context.countryCode) !== undefined,
    isOwnNumber: ({ context, event }) => normaliseMsisdn(inputValue(event), context.countryCode) === context.phone,
    isTermChoice: ({ context, event }) => {
      const choice = Number(inputValue(event));
      return Number.isInteger(choice) && choice >= 1 && choice <= context.loanTerms.length;
    },
    // These three are given the effect's output (`params: effectOutput`).
    hasOpenLoan: (_, loan: LoanSummary | null) => loan?.open === true,
    hasLoan: (_, loan: LoanSummary | null) => loan !== null,
    loanRefusedFor: ({ event }, params: { reason: 'open-loan' | 'too-new' | 'no-savings' }) =>
      'output' in event &&
      typeof event.output === 'object' &&
      event.output !== null &&
      'reason' in event.output &&
      event.output.reason === params.reason,
    hasHeldSavings: (_, balance: Balance) => BigInt(balance.held ?? '0') > 0n,
    recipientIsSelf: ({ context }, lookup: RecipientLookup) =>
      lookup.status === 'found' && lookup.member.id === context.member?.id,
    /** For the done event of an effect: its output's `status`, or the output itself. */
    resultIs: ({ event }, params: { status: string }) => resultOf(event) === params.status,
  },
  actions: {
    reject: assign((_, params: { error: ErrorKey }) => ({ error: params.error })),
    clearMessages: assign({ error: null, notice: null }),
    notify: assign((_, params: { notice: NoticeKey }) => ({ notice: params.notice })),
    // Each action below changes the journey under way when it is one that has the field.
    rememberName: assign(({ context: { journey: j }, event }) =>
      j?.kind === 'registration' ? { journey: { ...j, fullName: tidyName(inputValue(event)) } } : {},
    ),
    rememberCity: assign(({ context: { journey: j }, event }) =>
      j?.kind === 'registration' ? { journey: { ...j, city: tidyName(inputValue(event)) } } : {},
    ),
    chooseLanguage: assign(({ context: { journey: j } }, params: { language: Language }) => ({
      language: params.language,
      ...(j?.kind === 'registration' ? { journey: { ...j, language: params.language } } : {}),
    })),
    // The `remember...` and `reject...` actions that follow an effect are given its output
    // (`params: effectOutput`), typed by the effect invoked.
    rememberPinDigest: assign(({ context: { journey: j } }, pinDigest: string) =>
      j !== null && 'pinDigest' in j ? { journey: { ...j, pinDigest } } : {},
    ),
    forgetPinDigest: assign(({ context: { journey: j } }) =>
      j !== null && 'pinDigest' in j ? { journey: { ...j, pinDigest: null } } : {},
    ),
    rememberMember: assign((_, found: DialInLookup | RegisterResult) =>
      'member' in found ? { member: found.member, language: found.member.language } : {},
    ),
    rememberLockedMinutes: assign((_, lookup: DialInLookup) =>
      lookup.status === 'locked'
        ? { journey: { kind: 'locked', id: globalThis.crypto.randomUUID(), lockedMinutes: lookup.lockedMinutes } }
        : {},
    ),
    rememberPinChecked: assign({ pinChecked: true }),
    rememberAttemptsLeft: assign((_, check: PinVerification) =>
      check.status === 'wrong' ? { attemptsLeft: check.attemptsLeft } : {},
    ),
    rememberBalance: assign(({ context: { journey: j } }, balance: Balance) =>
      j !== null && 'balance' in j ? { journey: { ...j, balance } } : {},
    ),
    startJourney: assign((_, start: JourneyStart) => ({
      journey: { ...start, id: globalThis.crypto.randomUUID() },
    })),
    rememberAmount: assign(({ context: { journey: j }, event }) =>
      j !== null && 'amount' in j
        ? { journey: { ...j, amount: parseAmount(inputValue(event))?.toString() ?? null } }
        : {},
    ),
    rememberTypedPhone: assign(({ context: { journey: j, countryCode }, event }) =>
      j !== null && 'typedPhone' in j
        ? { journey: { ...j, typedPhone: normaliseMsisdn(inputValue(event), countryCode) ?? null } }
        : {},
    ),
    rememberRecipient: assign(({ context: { journey: j } }, lookup: RecipientLookup) =>
      j?.kind === 'transfer' && lookup.status === 'found'
        ? { journey: { ...j, recipient: { ...lookup.member, phone: j.typedPhone ?? '' } } }
        : {},
    ),
    airtimeForMe: assign(({ context: { journey: j, phone } }) =>
      j?.kind === 'airtime' ? { journey: { ...j, airtimeFor: phone } } : {},
    ),
    airtimeForTypedPhone: assign(({ context: { journey: j } }) =>
      j?.kind === 'airtime' ? { journey: { ...j, airtimeFor: j.typedPhone } } : {},
    ),
    rememberOutcome: assign(({ context: { journey: j, currency } }, outcome: MoneyOutcome) =>
      j !== null && 'balance' in j ? { journey: { ...j, balance: { minor: outcome.balance, currency } } } : {},
    ),
    rejectRefusal: assign(({ context: { journey: j, currency } }, outcome: MoneyOutcome) =>
      outcome.status === 'refused'
        ? {
            error: REFUSAL_ERRORS[outcome.reason],
            ...(j !== null && 'balance' in j
              ? { journey: { ...j, balance: { minor: outcome.balance, currency } } }
              : {}),
          }
        : {},
    ),
    rememberStatement: assign(({ context: { journey: j } }, statement: readonly StatementItem[]) =>
      j?.kind === 'account' ? { journey: { ...j, statement } } : {},
    ),
    rememberLoanOffer: assign(({ context: { journey: j } }, offer: LoanOfferAnswer) =>
      j?.kind === 'loan' ? { journey: { ...j, limit: offer.limit } } : {},
    ),
    rejectLoanOffer: assign(({ context: { journey: j } }, offer: LoanOfferAnswer) =>
      offer.status === 'refused'
        ? {
            error: OFFER_ERRORS[offer.reason],
            ...(j?.kind === 'loan' ? { journey: { ...j, limit: offer.limit } } : {}),
          }
        : {},
    ),
    /** What is missing before the member may borrow: days to wait, or savings to add. */
    rememberLoanRefusal: assign(({ context: { journey: j, currency } }, offer: LoanOfferAnswer) => {
      if (offer.status !== 'refused' || j?.kind !== 'loan') return {};
      const money = (minor: string | undefined) => (minor === undefined ? null : formatMoney(BigInt(minor), currency));
      return {
        journey: {
          ...j,
          limit: offer.limit,
          loanWaitDays: offer.days ?? null,
          loanSaveMore: money(offer.saveMore),
          loanBorrow: money(offer.borrow),
        },
      };
    }),
    rememberTerm: assign(({ context: { journey: j, loanTerms }, event }) =>
      j?.kind === 'loan' ? { journey: { ...j, termDays: loanTerms[Number(inputValue(event)) - 1] ?? null } } : {},
    ),
    rememberLoanQuote: assign(({ context: { journey: j } }, quote: LoanTerms) =>
      j?.kind === 'loan' ? { journey: { ...j, quote } } : {},
    ),
    rememberLoan: assign(({ context: { journey: j } }, loan: LoanSummary | null) =>
      j !== null && 'loan' in j ? { journey: { ...j, loan } } : {},
    ),
    chooseRepaySource: assign(({ context: { journey: j } }, params: { source: 'wallet' | 'mpesa' }) =>
      j?.kind === 'repayment' ? { journey: { ...j, source: params.source } } : {},
    ),
    rememberRepayment: assign(
      ({ context: { journey: j, currency } }, output: MoneyOutcome & { outstanding?: string }) =>
        j?.kind === 'repayment'
          ? {
              journey: {
                ...j,
                balance: { minor: output.balance, currency },
                loan: j.loan === null ? null : { ...j.loan, outstanding: output.outstanding ?? j.loan.outstanding },
              },
            }
          : {},
    ),
    switchLanguage: assign(({ context }, params: { language: Language }) => ({
      language: params.language,
      member: context.member === null ? null : { ...context.member, language: params.language },
    })),
  },
});
