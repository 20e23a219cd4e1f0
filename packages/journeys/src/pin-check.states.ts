import { WORKING_TAG } from '@sacco/ussd';
import { not } from 'xstate';
import { effectOutput } from './effects/registry.js';
import type { ScreenKey } from './messages/catalog.js';
import { showsScreen } from './screen-state.js';
import { sessionSetup } from './session.setup.js';

/**
 * Asks for the member's PIN and checks it, as two states to place inside a journey: `askPin`
 * and `checkingPin`. Anything but four digits is asked again without a check; a right PIN goes
 * to `next`; a wrong one asks again with the tries left; the last wrong one locks the member
 * and ends the session. `0` goes `back` and `00` home, neither of them a guess. With `reading`,
 * a PIN already right this session is not asked again.
 */
export function pinCheckStates(
  screen: ScreenKey,
  next: string,
  back: string,
  options: { reading?: boolean; oneTime?: boolean } = {},
) {
  return {
    askPin: sessionSetup.createStateConfig({
      ...showsScreen(screen, 'pin'),
      // Reading asks once a session; moving money asks every time.
      ...(options.reading === true ? { always: { guard: 'pinChecked', target: next } } : {}),
      on: {
        BACK: back,
        // Only a well-formed PIN is a guess: a tap such as `12` is asked again and never counts.
        INPUT: [
          { guard: not('isPinShaped'), actions: { type: 'reject', params: { error: 'error.pinFormat' } } },
          { target: 'checkingPin' },
        ],
      },
    }),
    checkingPin: sessionSetup.createStateConfig({
      tags: [WORKING_TAG],
      invoke: {
        src: 'verifyPin',
        input: ({ context, event }) => ({
          memberId: context.member?.id ?? '',
          pin: event.type === 'INPUT' ? event.value : '',
          ...(options.oneTime === true ? { oneTime: true } : {}),
        }),
        onDone: [
          { guard: { type: 'resultIs', params: { status: 'ok' } }, target: next, actions: 'rememberPinChecked' },
          // A one-time PIN typed anywhere but the reset journey: choose a PIN of your own first.
          { guard: { type: 'resultIs', params: { status: 'must-change' } }, target: '#session.pinReset.choosePin' },
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
