import { WORKING_TAG } from '@sacco/ussd';
import { effectOutput } from './effects/registry.js';
import type { ScreenKey } from './messages/catalog.js';
import { showsScreen } from './screen-state.js';
import { journeyView, sessionSetup } from './session.setup.js';

/**
 * Choosing a new PIN, as three states to place inside a journey next to its own `saving`
 * state: `choosePin` refuses malformed and trivial PINs, `digestingPin` keeps only a keyed
 * digest of the choice, and `confirmPin` hands the second entry to `saving`, which compares
 * it with the digest and writes the hash. `0` goes `back` from the choice, and from the
 * confirmation back to the choice.
 */
export function newPinStates(screens: { choose: ScreenKey; confirm: ScreenKey }, back: string) {
  return {
    choosePin: sessionSetup.createStateConfig({
      ...showsScreen(screens.choose, 'pin'),
      on: {
        BACK: back,
        INPUT: [
          {
            guard: { type: 'pinProblemIs', params: { problem: 'not-four-digits' } },
            actions: { type: 'reject', params: { error: 'error.pinFormat' } },
          },
          {
            guard: { type: 'pinProblemIs', params: { problem: 'trivial' } },
            actions: { type: 'reject', params: { error: 'error.pinTrivial' } },
          },
          { target: 'digestingPin' },
        ],
      },
    }),
    digestingPin: sessionSetup.createStateConfig({
      tags: [WORKING_TAG],
      invoke: {
        src: 'digestPin',
        input: ({ context, event }) => ({
          sessionId: context.sessionId,
          pin: event.type === 'INPUT' ? event.value : '',
        }),
        onDone: { target: 'confirmPin', actions: { type: 'rememberPinDigest', params: effectOutput } },
        onError: '#session.failure',
      },
    }),
    confirmPin: sessionSetup.createStateConfig({
      ...showsScreen(screens.confirm, 'pin'),
      on: { BACK: { target: 'choosePin', actions: 'forgetPinDigest' }, INPUT: 'saving' },
    }),
  };
}

/** The `saving` outcome every new-PIN flow shares: a mismatch starts the choice again. */
export const pinMismatch = {
  guard: { type: 'resultIs', params: { status: 'pin-mismatch' } },
  target: 'choosePin',
  actions: ['forgetPinDigest', { type: 'reject', params: { error: 'error.pinMismatch' } }],
} as const;

/**
 * The `saving` state that goes with `newPinStates`: the confirmation is compared with the kept
 * digest and the PIN written; a mismatch goes back to the choice, a saved PIN goes `saved`.
 */
export function savingNewPin(saved: { readonly target: string; readonly actions: SavedActions }) {
  return sessionSetup.createStateConfig({
    tags: [WORKING_TAG],
    invoke: {
      src: 'changePin',
      input: ({ context, event }) => ({
        sessionId: context.sessionId,
        memberId: context.member?.id ?? '',
        pin: event.type === 'INPUT' ? event.value : '',
        pinDigest: journeyView(context).pinDigest ?? '',
      }),
      onDone: [pinMismatch, saved],
      onError: '#session.failure',
    },
  });
}

type SavedActions =
  | 'forgetPinDigest'
  | readonly [
      'forgetPinDigest',
      { readonly type: 'notify'; readonly params: { readonly notice: 'notice.pinChanged' } },
    ];
