import type { Language } from '@sacco/bank';
import { type AnyStateNode, initialTransition } from 'xstate';
import type { SessionServices } from './effects/registry.js';
import { SAMPLE } from './sample-values.js';
import { createSessionApp, createSessionMachine } from './session.app.js';
import type { JourneyContext, JourneyStart, SessionContext, SessionInput } from './session.setup.js';
import { STUDIO_LOAN_POLICY, STUDIO_SETTINGS } from './studio-settings.js';
import { type JourneyFields, storyFields } from './studio-story.js';
import { LONGEST_NAME, worstFields } from './studio-worst.js';

export { SAMPLE, STUDIO_LOAN_POLICY, STUDIO_SETTINGS };

// The studio never runs an effect: every service refuses, loudly, if something tries.
const inertServices = new Proxy({} as SessionServices, {
  get: (_target, name) => () => Promise.reject(new Error(`the studio runs no effects (${String(name)})`)),
});

/** The session machine as the studio draws and walks it: the default limits, no effects. */
export const studioSessionMachine = createSessionMachine(inertServices, STUDIO_SETTINGS);

const studioApp = createSessionApp(inertServices, STUDIO_SETTINGS);

/** The machine's input for a caller, built the way the engine builds it from a gateway hop. */
export function sampleInput(phone: string, sessionId = 'studio'): SessionInput {
  // The app's input builder is typed for any machine; this is the session machine's.
  const dialIn = { sessionId, phoneNumber: phone, serviceCode: '*384*303#', networkCode: '63902' };
  return studioApp.createInput(dialIn) as SessionInput;
}

/** The journey a state belongs to, as it starts: the `startJourney` of the nearest state that has one. */
function journeyOf(stateNode: AnyStateNode): JourneyStart | undefined {
  for (let node: AnyStateNode | undefined = stateNode; node !== undefined; node = node.parent) {
    const entry = [node.config.entry ?? []].flat() as { type?: string; params?: JourneyStart }[];
    const start = entry.find((action) => action?.type === 'startJourney')?.params;
    if (start !== undefined) return start;
  }
  return undefined;
}

const [initial] = initialTransition(studioSessionMachine, sampleInput('+254711000111'));

/** A journey as it starts, with `fields`' value in each of its own fields. */
function sampleJourney(start: JourneyStart, fields: JourneyFields, language: Language): JourneyContext {
  const values: Record<string, unknown> = { ...fields, language };
  const sampled = Object.fromEntries(Object.keys(start).map((key) => [key, values[key]]));
  // The keys are the journey's own, the values those fields' samples.
  return { ...sampled, kind: start.kind, id: 'sample' } as JourneyContext;
}

/** A member mid-journey at `stateNode`, in `language`, named `name`, the journey's fields from `fieldsOf`. */
function contextAt(
  stateNode: AnyStateNode,
  language: Language,
  name: string,
  fieldsOf: (kind: string) => JourneyFields,
): SessionContext {
  // Built on the machine's own initial context, so fields added later get their defaults.
  const base = initial.context as SessionContext;
  const start = journeyOf(stateNode);
  return {
    ...base,
    language,
    member: { id: 'member-1', name, language },
    attemptsLeft: 2,
    journey: start === undefined ? null : sampleJourney(start, fieldsOf(start.kind), language),
  };
}

/**
 * A realistic context for drawing `stateNode`'s screen in `language`: one member's story (see
 * studio-story.ts) with everyday names and amounts, told the same on every screen. A final
 * screen shows the journey once its effect is done: the new balance, what is still owed.
 */
export function sampleContext(stateNode: AnyStateNode, language: Language): SessionContext {
  const after = stateNode.type === 'final';
  return contextAt(stateNode, language, SAMPLE.memberName, (kind) => storyFields(kind, after));
}

/**
 * The context that makes `stateNode`'s screen longest in `language`: the longest names,
 * a full statement, the largest amounts the limits allow (see studio-worst.ts).
 */
export function worstContext(stateNode: AnyStateNode, language: Language): SessionContext {
  return contextAt(stateNode, language, LONGEST_NAME, (kind) => worstFields(kind, language));
}
