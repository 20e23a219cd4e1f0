import { not } from 'xstate';
import { effectOutput } from './effects/registry.js';
import type { ScreenKey } from './messages/catalog.js';
import { showsScreen } from './screen-state.js';
import { type SessionContext, sessionSetup } from './session.setup.js';

/**
 * The amount question of a money journey: figures only, whole units where mobile money needs
 * them, within the journey's limits. Each problem has its own one-line answer, and the member
 * stays on the question until the amount fits; `0` goes `back`.
 */
export function amountQuestion(screen: ScreenKey, next: string, back: string) {
  return sessionSetup.createStateConfig({
    ...showsScreen(screen, 'number'),
    on: {
      BACK: back,
      INPUT: [
        { guard: not('isAmount'), actions: { type: 'reject', params: { error: 'error.amountFormat' } } },
        {
          guard: { type: 'amountProblemIs', params: { problem: 'not-whole' } },
          actions: { type: 'reject', params: { error: 'error.amountWhole' } },
        },
        {
          guard: { type: 'amountProblemIs', params: { problem: 'below' } },
          actions: { type: 'reject', params: { error: 'error.amountBelow' } },
        },
        {
          guard: { type: 'amountProblemIs', params: { problem: 'above' } },
          actions: { type: 'reject', params: { error: 'error.amountAbove' } },
        },
        { target: next, actions: 'rememberAmount' },
      ],
    },
  });
}

/** A "1. Confirm / 2. Cancel" screen: 1 goes on, 2 and `0` go back to the main menu or a step. */
export function confirmQuestion(screen: ScreenKey, onConfirm: string, onCancel = '#session.mainMenu') {
  return sessionSetup.createStateConfig({
    ...showsScreen(screen, 'choice'),
    on: {
      BACK: onCancel,
      INPUT: [
        { guard: { type: 'inputIs', params: { value: '1' } }, target: onConfirm },
        { guard: { type: 'inputIs', params: { value: '2' } }, target: onCancel },
        { actions: { type: 'reject', params: { error: 'error.invalidChoice' } } },
      ],
    },
  });
}

/** Where a refused movement sends the member back to, with the reason (and the balance). */
export const refusedBackTo = (state: string) =>
  ({
    guard: { type: 'resultIs', params: { status: 'refused' } },
    target: state,
    actions: { type: 'rejectRefusal', params: effectOutput },
  }) as const;

/**
 * The movement a money journey asks for: the member, the amount typed and the idempotency key,
 * with which a repeated hop never moves money twice. The key names the member and the journey
 * instance (not the gateway's session id, which another phone may reuse once the session has
 * expired, and which a second journey of one session shares).
 */
export function movement(context: SessionContext) {
  const { journey: j, member } = context;
  const money = j !== null && 'amount' in j ? j : undefined;
  return {
    idempotencyKey: `ussd:${member?.id ?? 'none'}:${money?.kind ?? 'none'}:${money?.id ?? 'none'}`,
    memberId: member?.id ?? '',
    amount: money?.amount ?? '0',
  };
}
