import { DEFAULT_NAVIGATION } from '@sacco/ussd';
import { describe, expect, it } from 'vitest';
import type { AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { STUDIO_CHARTS } from './charts.js';
import { humanise, transitionLabel } from './transition-label.js';

const machine = STUDIO_CHARTS[0]?.machine;
if (machine === undefined) throw new Error('no charts');

/** The labels of every transition of `event` on a state, in order. */
function labels(stateId: string, event: string) {
  const node = machine?.getStateNodeById(stateId) as AnyStateNode;
  const candidates = [...(node.transitions as Map<string, AnyTransitionDefinition[]>).entries()]
    .filter(([type]) => type === event || type.startsWith(event))
    .flatMap(([, list]) => list);
  return candidates
    .filter((t) => t.target !== undefined)
    .map((t) => transitionLabel(t, candidates, DEFAULT_NAVIGATION));
}

describe('transition labels', () => {
  it('name the key typed on a menu, and the navigation keys', () => {
    expect(labels('session.mainMenu', 'INPUT').slice(0, 3)).toEqual(['1', '2', '3']);
    expect(labels('session.account.menu', 'BACK')).toEqual(['0 back']);
  });

  it('name free input by what the guards check', () => {
    expect(labels('session.registration.askName', 'INPUT')).toEqual(['name']);
    expect(labels('session.deposit.askAmount', 'INPUT')).toEqual(['amount']);
    expect(labels('session.sendMoney.askRecipient', 'INPUT')).toEqual(['phone']);
    expect(labels('session.withdraw.askPin', 'INPUT')).toEqual(['PIN']);
    expect(labels('session.registration.choosePin', 'INPUT')).toEqual(['new PIN']);
  });

  it('name effect outcomes by the result they test, and failures "error"', () => {
    expect(labels('session.withdraw.checkingPin', 'xstate.done.actor')).toEqual([
      'ok',
      'must change',
      'locked',
      'PIN wrong',
    ]);
    expect(labels('session.withdraw.checkingPin', 'xstate.error.actor')).toEqual(['error']);
  });

  it('reads names as words', () => {
    expect(humanise('already-registered')).toBe('already registered');
    expect(humanise('pinMismatch')).toBe('PIN mismatch');
  });
});
