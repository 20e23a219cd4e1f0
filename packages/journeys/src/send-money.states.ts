import { WORKING_TAG } from '@sacco/ussd';
import { not } from 'xstate';
import { amountQuestion, confirmQuestion, movementKey, refusedBackTo } from './amount-question.states.js';
import { pinCheckStates } from './pin-check.states.js';
import { endsWith, showsScreen } from './screen-state.js';
import { sessionSetup } from './session.setup.js';

/**
 * Send money to another member: their number (local or international), amount, PIN, and only
 * then, once the PIN is right, the look-up: the confirm screen names the recipient (as M-Pesa
 * does), so nobody learns who is a member without a member's PIN. Every look-up also counts
 * toward the caller's rate limit. Then one atomic transfer with an SMS to both.
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
          { guard: 'isOwnNumber', actions: { type: 'reject', params: { error: 'error.recipientSelf' } } },
          { target: 'askAmount', actions: 'rememberTypedPhone' },
        ],
      },
    },
    askAmount: amountQuestion('screen.send.askAmount', 'askPin'),
    ...pinCheckStates('screen.send.askPin', 'findingRecipient'),
    findingRecipient: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'findRecipient',
        input: ({ context }) => ({ phone: context.typedPhone ?? '', caller: context.phone }),
        onDone: [
          {
            guard: { type: 'resultIs', params: { status: 'limited' } },
            target: 'askRecipient',
            actions: { type: 'reject', params: { error: 'error.lookupLimited' } },
          },
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
          { target: 'confirm', actions: 'rememberRecipient' },
        ],
        onError: '#session.failure',
      },
    },
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
