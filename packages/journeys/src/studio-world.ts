import type { InputKind } from '@sacco/ussd';
import type { AnyMachineSnapshot } from 'xstate';
import type { SessionContext } from './session.setup.js';
import { SAMPLE, sampleInput } from './studio-samples.js';

/** What an effect answers: its output, or the failure that sends the journey to its error screen. */
export type EffectAnswer = { readonly output: unknown } | { readonly error: string };

/**
 * One caller and the world around them, for the model-based tests: the machine's input when
 * they dial, and what every effect answers them. The HTTP replay sets the same world up for
 * real (by `id`), so each answer here must be what the bank would really answer.
 */
export interface StudioScenario {
  readonly id: string;
  readonly description: string;
  /** The machine's input when the session starts (the caller's phone is `PHONE_PLACEHOLDER`). */
  readonly input: unknown;
  /** What effect `src` answers for `input`; undefined when the scenario has no answer for it. */
  answer(src: string, input: unknown, context: unknown): EffectAnswer | undefined;
}

/** How the model-based tests walk a machine: who calls, what they type, what matters next. */
export interface StudioModel {
  readonly scenarios: readonly StudioScenario[];
  /** What a member types on a screen, by the screen's input kind. */
  readonly inputs: Readonly<Record<InputKind, readonly string[]>>;
  /** The part of a snapshot that decides what can happen next; it bounds the traversal. */
  serialize(snapshot: AnyMachineSnapshot): string;
}

/**
 * The caller's phone in a scenario's input. Each replayed path gets a fresh number in its
 * place, so paths never share a member.
 */
export const PHONE_PLACEHOLDER = '+254799999999';

type Caller = 'newcomer' | 'member' | 'locked' | 'raced' | 'offline' | 'borrower' | 'debtor' | 'called';

const MAX_PIN_ATTEMPTS = 3;
const digest = (pin: string) => `digest:${pin}`;
const done = (balance: bigint) => ({ output: { status: 'done', balance: balance.toString() } });
const field = (input: unknown, name: string) => (input as Record<string, unknown>)[name];

/** A loan of KES 500 for 30 days, priced as the default policy prices it (5% per 30 days). */
const LOAN = { principal: 50_000n, fee: 2_500n, due: '2026-12-28' };
const OPEN_LOAN = {
  principal: LOAN.principal.toString(),
  fee: LOAN.fee.toString(),
  paid: '0',
  outstanding: (LOAN.principal + LOAN.fee).toString(),
  due: LOAN.due,
  open: true,
  overdue: false,
};
/** Three times a balance of KES 1,000 held for the last 30 days. */
const BORROWER_LIMIT = (SAMPLE.balance * 3n).toString();

/**
 * A member with `SAMPLE.pin`, `SAMPLE.balance` in the wallet, and `SAMPLE.recipientPhone` to
 * send to. A `borrower` has been a member, with those savings, for long enough to borrow; a
 * `debtor` is a borrower with an open loan; a `called` member asked for a call back already.
 */
function sessionWorld(caller: Caller) {
  const member = { id: 'member-1', name: SAMPLE.memberName, language: 'en' };
  const registered = caller !== 'newcomer' && caller !== 'raced';

  /** Takes `amount` from the wallet, as the bank does: refused when the balance is short. */
  const debit = (input: unknown) => {
    const amount = BigInt(String(field(input, 'amount')));
    if (amount > SAMPLE.balance) {
      return { output: { status: 'refused', reason: 'insufficient-funds', balance: SAMPLE.balance.toString() } };
    }
    return done(SAMPLE.balance - amount);
  };

  return (src: string, input: unknown, rawContext: unknown): EffectAnswer | undefined => {
    const context = rawContext as SessionContext;
    if (caller === 'offline') return { error: 'PostgreSQL is unreachable' };
    switch (src) {
      case 'lookUpCaller':
        if (caller === 'locked') return { output: { status: 'locked', lockedMinutes: 30 } };
        return { output: registered ? { status: 'member', member } : { status: 'unknown' } };
      case 'digestPin':
        return { output: digest(String(field(input, 'pin'))) };
      case 'register': {
        if (digest(String(field(input, 'pin'))) !== field(input, 'pinDigest')) {
          return { output: { status: 'pin-mismatch' } };
        }
        if (caller === 'raced') return { output: { status: 'already-registered' } };
        const language = field(input, 'language');
        return {
          output: { status: 'registered', member: { id: 'member-1', name: field(input, 'fullName'), language } },
        };
      }
      case 'verifyPin': {
        if (field(input, 'pin') === SAMPLE.pin) return { output: { status: 'ok' } };
        // The bank counts wrong PINs in a row on the member row; the context carries the count.
        const left = (context.attemptsLeft ?? MAX_PIN_ATTEMPTS) - 1;
        return { output: left <= 0 ? { status: 'locked' } : { status: 'wrong', attemptsLeft: left } };
      }
      case 'changePin':
        return {
          output: digest(String(field(input, 'pin'))) === field(input, 'pinDigest') ? 'changed' : 'pin-mismatch',
        };
      case 'setLanguage':
        return { output: undefined };
      case 'walletBalance':
        return { output: { minor: SAMPLE.balance.toString(), currency: 'KES' } };
      case 'statement':
        return { output: [{ at: '2026-11-28T09:00:00Z', kind: 'deposit', amount: SAMPLE.balance.toString() }] };
      case 'requestDeposit':
        return done(SAMPLE.balance);
      case 'withdraw':
      case 'buyAirtime':
      case 'transfer':
        return debit(input);
      case 'findRecipient': {
        const phone = field(input, 'phone');
        if (phone === SAMPLE.recipientPhone) {
          return { output: { status: 'found', member: { id: 'member-2', name: SAMPLE.recipientName } } };
        }
        if (phone === context.phone) return { output: { status: 'found', member } };
        return { output: { status: 'unknown' } };
      }
      case 'loanOffer':
        if (caller === 'borrower') return { output: { status: 'eligible', limit: BORROWER_LIMIT } };
        if (caller === 'debtor') return { output: { status: 'refused', reason: 'open-loan', limit: BORROWER_LIMIT } };
        // A member who joined today: no history to lend on.
        return { output: { status: 'refused', reason: 'too-new', limit: '0' } };
      case 'loanTerms': {
        const amount = BigInt(String(field(input, 'amount')));
        const fee = (amount * 500n * BigInt(Number(field(input, 'termDays')))) / (30n * 10_000n);
        return { output: { fee: fee.toString(), total: (amount + fee).toString(), due: LOAN.due } };
      }
      case 'applyLoan':
        return done(SAMPLE.balance + BigInt(String(field(input, 'amount'))));
      case 'loanStatus':
        return { output: caller === 'debtor' ? OPEN_LOAN : null };
      case 'repayLoan': {
        const amount = BigInt(String(field(input, 'amount')));
        const outstanding = (LOAN.principal + LOAN.fee - amount).toString();
        return { output: { status: 'done', balance: (SAMPLE.balance - amount).toString(), outstanding } };
      }
      case 'requestLoanRepayment':
        return done(SAMPLE.balance);
      case 'requestCallBack':
        return { output: caller === 'called' ? 'already-requested' : 'requested' };
      default:
        return undefined;
    }
  };
}

const scenario = (id: Caller, description: string): StudioScenario => ({
  id,
  description,
  input: sampleInput(PHONE_PLACEHOLDER),
  answer: sessionWorld(id),
});

/** Who dials the USSD service in the model-based tests, and what the bank answers each of them. */
export const sessionModel: StudioModel = {
  scenarios: [
    scenario('newcomer', 'a number nobody registered'),
    scenario('member', `a member with PIN ${SAMPLE.pin} and KES 1,000, and a member to send to`),
    scenario('locked', 'a member locked after too many wrong PINs'),
    scenario('raced', 'a newcomer whose number is registered by another session while they register'),
    scenario('offline', 'any caller while PostgreSQL is unreachable'),
    scenario('borrower', 'a member of 60 days who kept KES 1,000 for the last 30: may borrow KES 3,000'),
    scenario('debtor', 'a borrower who owes a loan of KES 500 for 30 days'),
    scenario('called', 'a member who asked for a call back a minute ago'),
  ],
  inputs: {
    choice: ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
    text: [SAMPLE.memberName],
    number: [SAMPLE.amount, SAMPLE.recipientTyped],
    pin: [SAMPLE.pin, SAMPLE.otherPin],
    none: [],
  },
  serialize(snapshot) {
    const c = snapshot.context as SessionContext;
    // What the answers above and the guards depend on; names, messages and balances do not.
    return JSON.stringify([
      snapshot.value,
      c.member !== null,
      c.pinDigest,
      c.attemptsLeft,
      c.amount,
      c.typedPhone,
      c.journey,
    ]);
  },
};
