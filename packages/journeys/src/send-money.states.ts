import { WORKING_TAG } from '@sacco/ussd';
import { not } from 'xstate';
import { amountQuestion, confirmQuestion, movementKey, refusedBackTo } from './amount-question.states.js';
import { pinCheckStates } from './pin-check.states.js';
import { endsWith, showsScreen } from './screen-state.js';
import { sessionSetup } from './session.setup.js';

/**
 * Send money to another member: their number (local or international), their name to
 * confirm, amount, PIN, confirm, then one atomic transfer with an SMS to both.
 */
export const sendMoney = sessionSetup.createStateConfig({
  initial: 'askRecipient',
  entry: { type: 'startJourney', params: { journey: 'transfer' } },
  states: {
    askRecipient: {
      ...showsScreen('screen.send.askRecipient', 'number'),
      on: {
        INPUT: [
          { guard: not('isPhoneNumber'), actions: { type: 'reject', params: { error: 'error.phoneInvalid' } } },
          { target: 'findingRecipient', actions: 'rememberTypedPhone' },
        ],
      },
    },
    findingRecipient: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'findRecipient',
        input: ({ context }) => ({ phone: context.typedPhone ?? '' }),
        onDone: [
          {
            guard: { type: 'resultIs', params: { status: 'unknown' } },
            target: 'askRecipient',
            actions: { type: 'reject', params: { error: 'error.recipientUnknown' } },
          },
          {
            guard: 'recipientIsSelf',
            target: 'askRecipient',
            actions: { type: 'reject', params: { error: 'error.recipientSelf' } },
          },
          { target: 'confirmRecipient', actions: 'rememberRecipient' },
        ],
        onError: '#session.failure',
      },
    },
    confirmRecipient: confirmQuestion('screen.send.confirmRecipient', 'askAmount', 'askRecipient'),
    askAmount: amountQuestion('screen.send.askAmount', 'askPin'),
    ...pinCheckStates('screen.send.askPin', 'confirm'),
    confirm: confirmQuestion('screen.send.confirm', 'sending'),
    sending: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'transfer',
        input: ({ context }) => ({
          idempotencyKey: movementKey(context),
          memberId: context.member?.id ?? '',
          toMemberId: context.recipient?.id ?? '',
          amount: context.amount ?? '0',
        }),
        onDone: [refusedBackTo('askAmount'), { target: 'done', actions: 'rememberOutcome' }],
        onError: '#session.failure',
      },
    },
    done: endsWith('screen.send.done'),
  },
});
