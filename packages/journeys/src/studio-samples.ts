import type { Language } from '@sacco/bank';
import { type AnyStateNode, initialTransition } from 'xstate';
import type { SessionServices } from './effects/registry.js';
import { SAMPLE } from './sample-values.js';
import { createSessionApp, createSessionMachine, type SessionSettings } from './session.app.js';
import type { JourneyContext, JourneyStart, JourneyView, SessionContext, SessionInput } from './session.setup.js';

/**
 * The settings the studio draws and checks screens with: the service's defaults (those of
 * @sacco/config), so what the studio shows is what a member of a default deployment reads. The
 * model-based tests compare them with the configuration they run, so the two cannot drift apart.
 */
export const STUDIO_SETTINGS: SessionSettings = {
  navigation: { back: '0', home: '00', more: '98' },
  defaultLanguage: 'en',
  supportPhone: '0800 000 000',
  lockMinutes: 30,
  currency: 'KES',
  countryCode: '254',
  limits: {
    deposit: { min: 1_000n, max: 15_000_000n },
    withdrawal: { min: 5_000n, max: 7_000_000n },
    transfer: { min: 100n, max: 10_000_000n },
    airtime: { min: 500n, max: 1_000_000n },
    dailyOutflow: 30_000_000n,
    utcOffsetMinutes: 180,
  },
  loanMin: 10_000n,
  loanTerms: [30, 90],
};

export { SAMPLE };

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
const dayMs = 86_400_000;
const sampleDate = (daysAgo: number) => new Date(Date.UTC(2026, 10, 28, 9) - daysAgo * dayMs).toISOString();

/** A sample value for every field a journey may keep; each journey's sample takes the fields it has. */
const SAMPLE_FIELDS: Required<Omit<JourneyView, 'kind' | 'id'>> = {
  lockedMinutes: 30,
  fullName: SAMPLE.memberName,
  city: 'Nakuru',
  language: 'en',
  pinDigest: null,
  balance: { minor: '50000', currency: 'KES', held: '26250' },
  amount: '50000',
  typedPhone: SAMPLE.recipientPhone,
  recipient: { id: 'member-2', name: SAMPLE.recipientName, phone: SAMPLE.recipientPhone },
  airtimeFor: SAMPLE.recipientPhone,
  limit: '300000',
  termDays: 30,
  quote: { fee: '2500', total: '52500', due: '2026-12-28' },
  loanWaitDays: 12,
  loanSaveMore: 'KES 2,400.00',
  loanBorrow: 'KES 100.00',
  loan: {
    principal: '50000',
    fee: '2500',
    lateFee: '0',
    paid: '20000',
    outstanding: '32500',
    due: '2026-12-28',
    open: true,
    overdue: false,
  },
  source: 'wallet',
  statement: [
    { at: sampleDate(1), kind: 'transfer', amount: '-25050' },
    { at: sampleDate(3), kind: 'airtime.hold', amount: '-5000' },
    { at: sampleDate(6), kind: 'deposit', amount: '100000' },
  ],
};

/** A journey as it starts, with sample values in each of its fields. */
function sampleJourney(start: JourneyStart, language: Language): JourneyContext {
  const fields: Record<string, unknown> = { ...SAMPLE_FIELDS, language };
  const sampled = Object.fromEntries(Object.keys(start).map((key) => [key, fields[key]]));
  // The keys are the journey's own, the values those fields' samples.
  return { ...sampled, kind: start.kind, id: 'sample' } as JourneyContext;
}

/**
 * A realistic context for drawing `stateNode`'s screen in `language`: a member mid-journey with
 * everyday names and amounts (not the widest values: screens.test.ts checks those).
 */
export function sampleContext(stateNode: AnyStateNode, language: Language): SessionContext {
  // Built on the machine's own initial context, so fields added later get their defaults.
  const base = initial.context as SessionContext;
  const start = journeyOf(stateNode);
  return {
    ...base,
    language,
    member: { id: 'member-1', name: SAMPLE.memberName, language },
    attemptsLeft: 2,
    journey: start === undefined ? null : sampleJourney(start, language),
  };
}
