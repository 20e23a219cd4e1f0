import type { Language } from '@sacco/bank';
import { WORKING_TAG } from '@sacco/ussd';
import { effectOutput } from './effects/registry.js';
import { newPinStates, pinMismatch } from './new-pin.states.js';
import { showsScreen } from './screen-state.js';
import { journeyView, sessionSetup } from './session.setup.js';

/** What the newcomer has typed so far. */
export interface RegistrationContext {
  readonly kind: 'registration';
  readonly id: string;
  readonly fullName: string | null;
  readonly city: string | null;
  readonly language: Language | null;
  /** Keyed digest of the PIN typed once and waiting for its confirmation. */
  readonly pinDigest: string | null;
}

declare module './session.setup.js' {
  interface JourneyContexts {
    registration: RegistrationContext;
  }
}

/**
 * Language first (so that every screen after it is in the member's language), then name, city,
 * PIN and its confirmation. Nothing is written until the confirmed
 * PIN arrives; then member, wallet and credential are created in one transaction.
 */
export const registration = sessionSetup.createStateConfig({
  initial: 'askLanguage',
  entry: {
    type: 'startJourney',
    params: { kind: 'registration', fullName: null, city: null, language: null, pinDigest: null },
  },
  states: {
    // The first screen of a new number, in both languages; a shortcut's inputs stop here.
    askLanguage: {
      ...showsScreen('screen.registration.askLanguage', 'choice', { dropsShortcut: true }),
      on: {
        INPUT: [
          {
            guard: { type: 'inputIs', params: { value: '1' } },
            target: 'askName',
            actions: { type: 'chooseLanguage', params: { language: 'en' } },
          },
          {
            guard: { type: 'inputIs', params: { value: '2' } },
            target: 'askName',
            actions: { type: 'chooseLanguage', params: { language: 'sw' } },
          },
          { actions: { type: 'reject', params: { error: 'error.invalidChoice' } } },
        ],
      },
    },
    askName: {
      ...showsScreen('screen.registration.askName', 'text'),
      on: {
        BACK: 'askLanguage',
        INPUT: [
          { guard: 'isValidName', target: 'askCity', actions: 'rememberName' },
          { actions: { type: 'reject', params: { error: 'error.nameInvalid' } } },
        ],
      },
    },
    askCity: {
      ...showsScreen('screen.registration.askCity', 'text'),
      on: {
        BACK: 'askName',
        INPUT: [
          { guard: 'isValidCity', target: 'choosePin', actions: 'rememberCity' },
          { actions: { type: 'reject', params: { error: 'error.cityInvalid' } } },
        ],
      },
    },
    ...newPinStates(
      {
        choose: 'screen.registration.choosePin',
        confirm: 'screen.registration.confirmPin',
      },
      'askCity',
    ),
    saving: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'register',
        input: ({ context, event }) => {
          const draft = journeyView(context);
          return {
            sessionId: context.sessionId,
            phone: context.phone,
            fullName: draft.fullName ?? '',
            city: draft.city ?? '',
            language: draft.language ?? context.language,
            pin: event.type === 'INPUT' ? event.value : '',
            pinDigest: draft.pinDigest ?? '',
          };
        },
        onDone: [
          pinMismatch,
          {
            guard: { type: 'resultIs', params: { status: 'already-registered' } },
            target: '#session.alreadyRegistered',
          },
          {
            target: '#session.mainMenu',
            actions: [
              'forgetPinDigest',
              { type: 'rememberMember', params: effectOutput },
              { type: 'notify', params: { notice: 'notice.registered' } },
            ],
          },
        ],
        onError: '#session.failure',
      },
    },
  },
});
