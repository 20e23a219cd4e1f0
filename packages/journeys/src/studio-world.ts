import type { InputKind } from '@sacco/ussd';
import type { AnyMachineSnapshot } from 'xstate';
import type { EffectAnswer } from './effects/effect.js';
import { sampleAnswer } from './effects/registry.js';
import type { Caller } from './effects/sample-world.js';
import { SAMPLE } from './sample-values.js';
import { journeyView, type SessionContext } from './session.setup.js';

/**
 * The caller's phone in a scenario's input. Each replayed path gets a fresh number in its
 * place, so paths never share a member.
 */
export const PHONE_PLACEHOLDER = '+254799999999';

/**
 * Who dials the USSD service in the model-based tests. What the bank answers each of them is
 * the `sample` side of every effect (`answerFor`); the HTTP replay sets each of them up for real,
 * by `id`.
 */
export const SESSION_CALLERS: readonly { readonly id: Caller; readonly description: string }[] = [
  { id: 'newcomer', description: 'a number nobody registered' },
  { id: 'member', description: `a member with PIN ${SAMPLE.pin} and KES 1,000, and a member to send to` },
  { id: 'locked', description: 'a member locked after too many wrong PINs' },
  { id: 'raced', description: 'a newcomer whose number is registered by another session while they register' },
  { id: 'offline', description: 'any caller while PostgreSQL is unreachable' },
  { id: 'borrower', description: 'a member of 60 days who kept KES 1,000 for the last 30: may borrow KES 3,000' },
  { id: 'debtor', description: 'a borrower who owes a loan of KES 500 for 30 days' },
  { id: 'called', description: 'a member who asked for a call back a minute ago' },
  {
    id: 'reset',
    description: `a member of 60 days whose KES 1,000 arrived just now and whose PIN an operator reset to ${SAMPLE.pin}`,
  },
  { id: 'resetExpired', description: 'a member whose one-time PIN from an operator reset expired unused' },
];

/** What a member types on a screen in the model-based tests, by the screen's input kind. */
export const SESSION_INPUTS: Readonly<Record<InputKind, readonly string[]>> = {
  choice: ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
  text: [SAMPLE.memberName],
  number: [SAMPLE.amount, SAMPLE.recipientTyped],
  pin: [SAMPLE.pin, SAMPLE.otherPin],
  none: [],
};

/**
 * What effect `src` answers `caller` for `input`, in a session whose context is `context`: its
 * registry entry's `sample`; nothing answers while PostgreSQL is down.
 */
export function answerFor(caller: Caller) {
  return (src: string, input: unknown, context: unknown): EffectAnswer | undefined => {
    if (caller === 'offline') return { error: 'PostgreSQL is unreachable' };
    // Only the session machine invokes these effects, so the context is a session's.
    return sampleAnswer(src, input, { caller, context: context as SessionContext });
  };
}

/** The part of a session snapshot the answers and the guards depend on; names, messages and balances do not. */
export function sessionWalkKey(snapshot: AnyMachineSnapshot): string {
  const c = snapshot.context as SessionContext;
  const j = journeyView(c);
  return JSON.stringify([
    snapshot.value,
    c.member !== null,
    j.pinDigest,
    c.attemptsLeft,
    j.amount,
    j.typedPhone,
    j.kind,
  ]);
}
