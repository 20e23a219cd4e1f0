import { account } from './account.states.js';
import { airtime } from './airtime.states.js';
import { callMe } from './call-me.states.js';
import { deposit } from './deposit.states.js';
import { dialIn } from './dial-in.states.js';
import { loans } from './loans.states.js';
import { mainMenuOf } from './main-menu.states.js';
import { pinReset } from './pin-reset.states.js';
import { registration } from './registration.states.js';
import { endsWith } from './screen-state.js';
import { sendMoney } from './send-money.states.js';
import { sessionSetup } from './session.setup.js';
import { withdraw } from './withdraw.states.js';

/** The journeys of the main menu, in the order of its options (1. Deposit ... 7. Call me back). */
const menuJourneys = { deposit, withdraw, sendMoney, airtime, loans, account, callMe };

/**
 * One USSD session, from dial-in to END. Each journey is a compound state defined in its own
 * file; effects are named actors that `createSessionMachine` fills in with `provide()`, so this
 * machine itself does no I/O and can be drawn, linted and tested as it is.
 */
export const sessionMachine = sessionSetup.createMachine({
  id: 'session',
  context: ({ input }) => ({
    sessionId: input.sessionId,
    phone: input.phone,
    language: input.language,
    member: null,
    error: null,
    notice: null,
    attemptsLeft: null,
    pinChecked: false,
    currency: input.currency,
    countryCode: input.countryCode,
    loanTerms: input.loanTerms,
    // Each journey keeps its own fields here from its first state on (`startJourney`).
    journey: null,
  }),
  initial: 'dialIn',
  // What no deeper state takes: `00` goes home (the main menu, or the start of registration
  // for a newcomer), anything else is refused.
  on: {
    HOME: [{ guard: 'isRegistered', target: '.mainMenu' }, { target: '.registration' }],
    BACK: { actions: { type: 'reject', params: { error: 'error.noBack' } } },
    INPUT: { actions: { type: 'reject', params: { error: 'error.invalidChoice' } } },
  },
  states: {
    dialIn,
    registration,
    mainMenu: mainMenuOf(Object.keys(menuJourneys)),
    ...menuJourneys,
    alreadyRegistered: endsWith('screen.registration.alreadyRegistered'),
    locked: endsWith('screen.locked'),
    lockedOut: endsWith('screen.lockedOut'),
    resetExpired: endsWith('screen.resetExpired'),
    failure: endsWith('screen.failure'),
    pinReset,
  },
});

export type SessionMachine = typeof sessionMachine;
