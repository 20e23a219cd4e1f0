import { WORKING_TAG } from '@sacco/ussd';
import { amountQuestion, confirmQuestion, movement, refusedBackTo } from './amount-question.states.js';
import { endsWith } from './screen-state.js';
import { type MoneyFields, sessionSetup } from './session.setup.js';

export interface DepositContext extends MoneyFields {
  readonly kind: 'deposit';
}

declare module './session.setup.js' {
  interface JourneyContexts {
    deposit: DepositContext;
  }
}

/**
 * Deposit from mobile money: amount, confirm, then the provider prompts the member for their
 * mobile-money PIN. Nothing is credited here: the wallet moves when the provider confirms.
 */
export const deposit = sessionSetup.createStateConfig({
  initial: 'askAmount',
  entry: { type: 'startJourney', params: { kind: 'deposit', amount: null, balance: null } },
  states: {
    askAmount: amountQuestion('screen.deposit.askAmount', 'confirm', '#session.mainMenu'),
    confirm: confirmQuestion('screen.deposit.confirm', 'requesting'),
    requesting: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'requestDeposit',
        input: ({ context }) => ({ ...movement(context), phone: context.phone }),
        onDone: [refusedBackTo('askAmount'), { target: 'requested' }],
        onError: '#session.failure',
      },
    },
    requested: endsWith('screen.deposit.requested'),
  },
});
