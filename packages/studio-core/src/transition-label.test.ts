import { DEFAULT_NAVIGATION } from '@sacco/ussd';
import { describe, expect, it } from 'vitest';
import type { AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { STUDIO_CHARTS } from './charts.js';
import { screenOptions } from './screen-options.js';
import { ENGLISH_NAVIGATION_WORDS, humanise, navigationWords, transitionLabel } from './transition-label.js';

const chart = STUDIO_CHARTS[0];
if (chart === undefined) throw new Error('no charts');
const machine = chart.machine;

/** The labels of every transition of `event` on a state, in order, with its screen's words in `language`. */
function labels(stateId: string, event: string, language?: 'en' | 'sw') {
  const node = machine.getStateNodeById(stateId) as AnyStateNode;
  const options = screenOptions(language === undefined ? '' : (chart?.render(node, language) ?? ''));
  const candidates = [...(node.transitions as Map<string, AnyTransitionDefinition[]>).entries()]
    .filter(([type]) => type === event || type.startsWith(event))
    .flatMap(([, list]) => list);
  return candidates
    .filter((t) => t.target !== undefined)
    .map((t) => transitionLabel(t, candidates, DEFAULT_NAVIGATION, options));
}

describe('screen options', () => {
  it('reads each numbered option, several on a line, and no amounts', () => {
    const options = screenOptions('Pay KES 500.00 to 3 people?\n1. Confirm\n2. Cancel\n0. Back 00. Main menu');
    expect([...options]).toEqual([
      ['1', 'Confirm'],
      ['2', 'Cancel'],
      ['0', 'Back'],
      ['00', 'Main menu'],
    ]);
  });
});

describe('transition labels', () => {
  it('name the key typed on a menu with what the screen calls it', () => {
    expect(labels('session.mainMenu', 'INPUT', 'en').slice(0, 3)).toEqual(['1 Deposit', '2 Withdraw', '3 Send money']);
    expect(labels('session.deposit.confirm', 'INPUT', 'en')).toEqual(['1 Confirm', '2 Cancel']);
    expect(labels('session.deposit.confirm', 'INPUT', 'sw')).toEqual(['1 Thibitisha', '2 Ghairi']);
  });

  it('name the navigation keys, in English where the screen does not list them', () => {
    expect(labels('session.account.menu', 'BACK', 'en')).toEqual(['0 Back']);
    expect(labels('session.account.menu', 'BACK', 'sw')).toEqual(['0 Rudi']);
    expect(labels('session.deposit.askAmount', 'BACK')).toEqual(['0 Back']);
  });

  it("name the navigation keys a screen does not list as the chart's language does elsewhere", () => {
    expect(navigationWords(chart.catalog.sw)).toEqual({ back: 'Rudi', home: 'Menyu kuu', more: 'Zaidi' });
    expect(navigationWords(chart.catalog.en)).toEqual({ back: 'Back', home: 'Main menu', more: 'More' });
    expect(navigationWords(undefined)).toEqual(ENGLISH_NAVIGATION_WORDS);
    // A catalog that names a key nowhere: English for that key only.
    expect(navigationWords({ 'system.back': '{back}. Rudi', 'screen.x': 'Habari\n{home}. Nyumbani' })).toEqual({
      back: 'Rudi',
      home: 'Nyumbani',
      more: 'More',
    });
  });

  it('cut long option words so a label stays short', () => {
    expect(labels('session.loans.repay.chooseSource', 'INPUT', 'en')).toEqual([
      '1 Pay from my accou…',
      '2 Pay with M-Pesa',
    ]);
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
