import { WORKING_TAG } from '@sacco/ussd';
import { effectOutput } from './effects/registry.js';
import type { ScreenKey } from './messages/catalog.js';
import { showsScreen } from './screen-state.js';
import { sessionSetup } from './session.setup.js';

/**
 * Asks for the member's PIN and checks it, as two states to place inside a journey: `askPin`
 * and `checkingPin`. A right PIN goes to `next`; a wrong one asks again with the tries left;
 * the last wrong one locks the member and ends the session. `0` goes `back`.
 */
export function pinCheckStates(screen: ScreenKey, next: string, back: string) {
  return {
    askPin: sessionSetup.createStateConfig({
      ...showsScreen(screen, 'pin'),
      on: { BACK: back, INPUT: 'checkingPin' },
    }),
    checkingPin: sessionSetup.createStateConfig({
      tags: [WORKING_TAG],
      invoke: {
        src: 'verifyPin',
        input: ({ context, event }) => ({
          memberId: context.member?.id ?? '',
          pin: event.type === 'INPUT' ? event.value : '',
        }),
        onDone: [
          { guard: { type: 'resultIs', params: { status: 'ok' } }, target: next },
          { guard: { type: 'resultIs', params: { status: 'locked' } }, target: '#session.lockedOut' },
          {
            target: 'askPin',
            actions: [
              { type: 'rememberAttemptsLeft', params: effectOutput },
              { type: 'reject', params: { error: 'error.pinWrong' } },
            ],
          },
        ],
        onError: '#session.failure',
      },
    }),
  };
}
