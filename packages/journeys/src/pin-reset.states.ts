import { newPinStates, savingNewPin } from './new-pin.states.js';
import { pinCheckStates } from './pin-check.states.js';
import { sessionSetup } from './session.setup.js';

/** A member whose PIN an operator reset: the one-time PIN, then a PIN of their own. */
export interface PinResetContext {
  readonly kind: 'pinReset';
  readonly id: string;
  /** Keyed digest of the new PIN typed once and waiting for its confirmation. */
  readonly pinDigest: string | null;
}

declare module './session.setup.js' {
  interface JourneyContexts {
    pinReset: PinResetContext;
  }
}

const stay = { actions: { type: 'reject', params: { error: 'error.invalidChoice' } } } as const;

/**
 * The dial after an operator's reset (`pnpm ops members:reset-pin`): nothing else opens until the
 * one-time PIN from the SMS is typed and a new PIN chosen. Wrong one-time PINs count like any
 * wrong PIN; an expired one never matches.
 */
export const pinReset = sessionSetup.createStateConfig({
  initial: 'askPin',
  entry: { type: 'startJourney', params: { kind: 'pinReset', pinDigest: null } },
  // Neither back nor home leaves before the new PIN is saved.
  on: { HOME: stay, BACK: stay },
  states: {
    // Back stays on the one-time PIN, or goes back to choosing the new one: nothing else opens.
    ...pinCheckStates('screen.pinReset.askPin', 'choosePin', 'askPin', { oneTime: true }),
    ...newPinStates({ choose: 'screen.pinReset.choosePin', confirm: 'screen.pinReset.confirmPin' }, 'choosePin'),
    saving: savingNewPin({
      target: '#session.mainMenu',
      actions: ['forgetPinDigest', { type: 'notify', params: { notice: 'notice.pinChanged' } }],
    }),
  },
});
