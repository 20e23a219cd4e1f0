import type { Language } from '@sacco/bank';
import { type AnyStateNode, initialTransition } from 'xstate';
import type { SessionServices } from './effects/registry.js';
import { SAMPLE } from './sample-values.js';
import { createSessionApp, createSessionMachine, type SessionSettings } from './session.app.js';
import type { MoneyJourney, SessionContext, SessionInput } from './session.setup.js';

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

/** The money journey a state belongs to: the `startJourney` its top-level state starts. */
function journeyOf(stateNode: AnyStateNode): MoneyJourney | null {
  let node: AnyStateNode | undefined = stateNode;
  while (node !== undefined) {
    const entry = [node.config.entry ?? []].flat() as { type?: string; params?: { journey?: MoneyJourney } }[];
    const start = entry.find((action) => action?.type === 'startJourney');
    if (start?.params?.journey !== undefined) return start.params.journey;
    node = node.parent;
  }
  return null;
}

const [initial] = initialTransition(studioSessionMachine, sampleInput('+254711000111'));
const dayMs = 86_400_000;
const sampleDate = (daysAgo: number) => new Date(Date.UTC(2026, 10, 28, 9) - daysAgo * dayMs).toISOString();

/**
 * A realistic context for drawing `stateNode`'s screen in `language`: a member mid-journey with
 * everyday names and amounts (not the widest values: screens.test.ts checks those).
 */
export function sampleContext(stateNode: AnyStateNode, language: Language): SessionContext {
  // Built on the machine's own initial context, so fields added later get their defaults.
  const base = initial.context as SessionContext;
  return {
    ...base,
    language,
    member: { id: 'member-1', name: SAMPLE.memberName, language },
    draft: { fullName: SAMPLE.memberName, city: 'Nakuru', language },
    attemptsLeft: 2,
    lockedMinutes: 30,
    balance: { minor: '50000', currency: 'KES' },
    journey: journeyOf(stateNode),
    amount: '50000',
    typedPhone: SAMPLE.recipientPhone,
    recipient: { id: 'member-2', name: SAMPLE.recipientName, phone: SAMPLE.recipientPhone },
    airtimeFor: SAMPLE.recipientPhone,
    loanLimit: '300000',
    loanTermDays: 30,
    loanQuote: { fee: '2500', total: '52500', due: '2026-12-28' },
    loan: {
      principal: '50000',
      fee: '2500',
      paid: '20000',
      outstanding: '32500',
      due: '2026-12-28',
      open: true,
      overdue: false,
    },
    repaySource: 'wallet',
    statement: [
      { at: sampleDate(1), kind: 'transfer', amount: '-25050' },
      { at: sampleDate(3), kind: 'airtime.hold', amount: '-5000' },
      { at: sampleDate(6), kind: 'deposit', amount: '100000' },
    ],
  };
}
