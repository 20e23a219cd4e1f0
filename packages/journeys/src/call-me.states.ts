import { WORKING_TAG } from '@sacco/ussd';
import { endsWith } from './screen-state.js';
import { sessionSetup } from './session.setup.js';

/** Call me back: an outbound call is queued (at most one per member in a short window). */
export const callMe = sessionSetup.createStateConfig({
  initial: 'requesting',
  states: {
    requesting: {
      tags: [WORKING_TAG],
      invoke: {
        src: 'requestCallBack',
        input: ({ context }) => ({ memberId: context.member?.id ?? '', phone: context.phone }),
        onDone: [
          { guard: { type: 'resultIs', params: { status: 'already-requested' } }, target: 'alreadyRequested' },
          { target: 'requested' },
        ],
        onError: '#session.failure',
      },
    },
    requested: endsWith('screen.callMe.requested'),
    alreadyRequested: endsWith('screen.callMe.alreadyRequested'),
  },
});
