import { WORKING_TAG } from '@sacco/ussd';
import { not } from 'xstate';
import { amountQuestion, confirmQuestion, movement, refusedBackTo } from './amount-question.states.js';
import { effectOutput } from './effects/registry.js';
import { pinCheckStates } from './pin-check.states.js';
import { endsWith, showsScreen } from './screen-state.js';
import { journeyView, type MoneyFields, sessionSetup } from './session.setup.js';

export interface TransferContext extends MoneyFields {
  readonly kind: 'transfer';
  /** The recipient's number as typed (normalised), not yet looked up. */
  readonly typedPhone: string | null;
  /** Who it turned out to be, once the PIN is right. */
  readonly recipient: { readonly id: string; readonly name: string; readonly phone: string } | null;
}

declare module './session.setup.js' {
  interface JourneyContexts {
    transfer: TransferContext;
  }
}

/**
 * Send money to another member: their number (local or international), amount, PIN, and only
 * then, once the PIN is right, the look-up: the confirm screen names the recipient (as M-Pesa
 * does), so nobody learns who is a member without a member's PIN. Every look-up also counts
 * toward the caller's rate limit. Then one atomic transfer with an SMS to both.
 */
export const sendMoney = sessionSetup.createStateConfig({
  initial: 'askRecipient',
  entry: {
    type: 'startJourney',
    params: { kind: 'transfer', amount: null, balance: null, typedPhone: null, recipient: null },
  },
  states: {
    askRecipient: {
      ...showsScreen('screen.send.askRecipient', 'number'),
      on: {
        BACK: '#session.mainMenu',
        INPUT: [
          { guard: not('isPhoneNumber'), actions: { type: 'reject', params: { error: 'error.phoneInvalid' } } },
          { guard: 'isOwnNumber', actions: { type: 'reject', params: { error: 'error.recipientSelf' } } },
          { target: 'askAmount', actions: 'rememberTypedPhone' },
        ],
      },
    },
    askAmount: amountQuestion('screen.send.askAmount', 'askPin', 'askRecipient'),
    ...pinCheckStates('screen.send.askPin', 'findingRecipient', 'askAmount'),
    findingRecipient: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'findRecipient',
        input: ({ context }) => ({ phone: journeyView(context).typedPhone ?? '', caller: context.phone }),
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
            guard: { type: 'recipientIsSelf', params: effectOutput },
            target: 'askRecipient',
            actions: { type: 'reject', params: { error: 'error.recipientSelf' } },
          },
          { target: 'confirm', actions: { type: 'rememberRecipient', params: effectOutput } },
        ],
        onError: '#session.failure',
      },
    },
    confirm: confirmQuestion('screen.send.confirm', 'sending'),
    sending: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'transfer',
        input: ({ context }) => ({ ...movement(context), toMemberId: journeyView(context).recipient?.id ?? '' }),
        onDone: [
          refusedBackTo('askAmount'),
          { target: 'done', actions: { type: 'rememberOutcome', params: effectOutput } },
        ],
        onError: '#session.failure',
      },
    },
    done: endsWith('screen.send.done'),
  },
});
