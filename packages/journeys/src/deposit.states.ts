import { WORKING_TAG } from '@sacco/ussd';
import { amountQuestion, confirmQuestion, movementKey, refusedBackTo } from './amount-question.states.js';
import { endsWith } from './screen-state.js';
import { sessionSetup } from './session.setup.js';

/**
 * Deposit from mobile money: amount, confirm, then the provider prompts the member for their
 * mobile-money PIN. Nothing is credited here: the wallet moves when the provider confirms.
 */
export const deposit = sessionSetup.createStateConfig({
  initial: 'askAmount',
  entry: { type: 'startJourney', params: { journey: 'deposit' } },
  states: {
    askAmount: amountQuestion('screen.deposit.askAmount', 'confirm'),
    confirm: confirmQuestion('screen.deposit.confirm', 'requesting'),
    requesting: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'requestDeposit',
        input: ({ context }) => ({
          idempotencyKey: movementKey(context),
          memberId: context.member?.id ?? '',
          phone: context.phone,
          amount: context.amount ?? '0',
        }),
        onDone: [refusedBackTo('askAmount'), { target: 'requested' }],
        onError: '#session.failure',
      },
    },
    requested: endsWith('screen.deposit.requested'),
  },
});
