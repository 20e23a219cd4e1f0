import type { InputKind } from '@sacco/ussd';
import type { AnyMachineSnapshot } from 'xstate';
import type { EffectAnswer } from './effects/effect.js';
import { sampleAnswer } from './effects/registry.js';
import type { Caller } from './effects/sample-world.js';
import { SAMPLE } from './sample-values.js';
import type { SessionContext } from './session.setup.js';
import { sampleInput } from './studio-samples.js';

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

/** Every effect answers `caller` from its registry entry's `sample`; nothing answers while PostgreSQL is down. */
function sessionWorld(caller: Caller) {
  return (src: string, input: unknown, context: unknown): EffectAnswer | undefined => {
    if (caller === 'offline') return { error: 'PostgreSQL is unreachable' };
    // The studio walks the session machine only, so the context is a session's.
    return sampleAnswer(src, input, { caller, context: context as SessionContext });
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
