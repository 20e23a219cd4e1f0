import { WORKING_TAG } from '@sacco/ussd';
import { amountQuestion, confirmQuestion, movement, refusedBackTo } from './amount-question.states.js';
import { effectOutput } from './effects/registry.js';
import { pinCheckStates } from './pin-check.states.js';
import { endsWith } from './screen-state.js';
import { type MoneyFields, sessionSetup } from './session.setup.js';

export interface WithdrawalContext extends MoneyFields {
  readonly kind: 'withdrawal';
}

declare module './session.setup.js' {
  interface JourneyContexts {
    withdrawal: WithdrawalContext;
  }
}

/**
 * Withdraw to mobile money: amount, PIN, confirm. The amount leaves the wallet (into payouts in
 * flight) in the same transaction that checks the balance; the payout follows from the outbox.
 */
export const withdraw = sessionSetup.createStateConfig({
  initial: 'askAmount',
  entry: { type: 'startJourney', params: { kind: 'withdrawal', amount: null, balance: null } },
  states: {
    askAmount: amountQuestion('screen.withdraw.askAmount', 'askPin', '#session.mainMenu'),
    ...pinCheckStates('screen.withdraw.askPin', 'confirm', 'askAmount'),
    confirm: confirmQuestion('screen.withdraw.confirm', 'withdrawing'),
    withdrawing: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'withdraw',
        input: ({ context }) => ({ ...movement(context), phone: context.phone }),
        onDone: [
          refusedBackTo('askAmount'),
          { target: 'done', actions: { type: 'rememberOutcome', params: effectOutput } },
        ],
        onError: '#session.failure',
      },
    },
    done: endsWith('screen.withdraw.done'),
  },
});
