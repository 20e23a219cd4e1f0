import { WORKING_TAG } from '@sacco/ussd';
import { not } from 'xstate';
import { amountQuestion, confirmQuestion, movement, refusedBackTo } from './amount-question.states.js';
import { effectOutput } from './effects/registry.js';
import { pinCheckStates } from './pin-check.states.js';
import { endsWith, showsScreen } from './screen-state.js';
import { journeyView, type MoneyFields, sessionSetup } from './session.setup.js';

export interface AirtimeContext extends MoneyFields {
  readonly kind: 'airtime';
  /** A phone number typed for someone else's airtime. */
  readonly typedPhone: string | null;
  /** Whose phone the airtime is for. */
  readonly airtimeFor: string | null;
}

declare module './session.setup.js' {
  interface JourneyContexts {
    airtime: AirtimeContext;
  }
}

/**
 * Buy airtime for my number or another: the price leaves the wallet (into airtime in flight)
 * and the airtime is sent from the outbox; a failed send gives the money back.
 */
export const airtime = sessionSetup.createStateConfig({
  initial: 'chooseFor',
  entry: {
    type: 'startJourney',
    params: { kind: 'airtime', amount: null, balance: null, typedPhone: null, airtimeFor: null },
  },
  states: {
    chooseFor: {
      ...showsScreen('screen.airtime.chooseFor', 'choice'),
      on: {
        BACK: '#session.mainMenu',
        INPUT: [
          { guard: { type: 'inputIs', params: { value: '1' } }, target: 'askAmount', actions: 'airtimeForMe' },
          { guard: { type: 'inputIs', params: { value: '2' } }, target: 'askPhone' },
          { actions: { type: 'reject', params: { error: 'error.invalidChoice' } } },
        ],
      },
    },
    askPhone: {
      ...showsScreen('screen.airtime.askPhone', 'number'),
      on: {
        BACK: 'chooseFor',
        INPUT: [
          { guard: not('isPhoneNumber'), actions: { type: 'reject', params: { error: 'error.phoneInvalid' } } },
          { target: 'askAmount', actions: ['rememberTypedPhone', 'airtimeForTypedPhone'] },
        ],
      },
    },
    askAmount: amountQuestion('screen.airtime.askAmount', 'askPin', 'chooseFor'),
    ...pinCheckStates('screen.airtime.askPin', 'confirm', 'askAmount'),
    confirm: confirmQuestion('screen.airtime.confirm', 'buying'),
    buying: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'buyAirtime',
        input: ({ context }) => ({ ...movement(context), phone: journeyView(context).airtimeFor ?? context.phone }),
        onDone: [
          refusedBackTo('askAmount'),
          { target: 'done', actions: { type: 'rememberOutcome', params: effectOutput } },
        ],
        onError: '#session.failure',
      },
    },
    done: endsWith('screen.airtime.done'),
  },
});
