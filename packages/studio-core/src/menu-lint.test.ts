import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { STUDIO_CHARTS } from './charts.js';
import type { StudioChart } from './contracts.js';
import { lintMenus, optionNumbers } from './menu-lint.js';

const screens: Record<string, string> = {
  'screen.menu': 'Pick one\n1. Savings\n2. Loans\n2. Again',
  'screen.long': `Terms\n${'x'.repeat(200)}`,
  'screen.fancy': 'Asante — karibu',
  'screen.unused': 'Nobody shows me',
};

const machine = createMachine({
  id: 'lint',
  initial: 'menu',
  states: {
    menu: {
      meta: { screen: 'screen.menu', input: 'choice' },
      on: { A: 'long', B: 'fancy', C: { actions: { type: 'reject', params: { error: 'error.missing' } } } },
    },
    long: { meta: { screen: 'screen.long', input: 'choice' }, on: { BACK: 'menu' } },
    fancy: { type: 'final', meta: { screen: 'screen.fancy', input: 'none' } },
  },
});

const chart: StudioChart = {
  id: 'lint',
  title: 'Lint',
  machine,
  channel: 'ussd',
  languages: ['en', 'sw'],
  messageKey: (node) => (node.meta as { screen?: string } | undefined)?.screen,
  render: (node) => screens[(node.meta as { screen?: string } | undefined)?.screen ?? ''],
  catalog: { en: screens, sw: { ...screens, 'screen.menu': undefined as unknown as string } },
  shownKeyPrefix: 'screen.',
  paged: [],
};

describe('menu lint', () => {
  it('reads the option numbers of a screen, several to a line', () => {
    expect(optionNumbers('Your balance is KES 500.00.\n1. Yes\n0. Back 00. Main menu')).toEqual(['1', '0', '00']);
  });

  it('reports each broken rule', () => {
    const findings = lintMenus([chart]);
    const rules = (rule: string) => findings.filter((f) => f.rule === rule).map((f) => f.message);
    expect(rules('budget')).toEqual([
      'lint.long (en): 210 characters, over the budget of 182',
      'lint.long (sw): 210 characters, over the budget of 182',
    ]);
    expect(rules('options')).toContain('lint.menu (en): option 2 shown twice');
    expect(rules('gsm7')).toContain('lint.fancy (en): not GSM-7: "—"');
    expect(rules('catalog-missing')).toEqual(
      expect.arrayContaining([
        'lint.menu: "screen.menu" is not in the sw catalog',
        'lint.menu: "error.missing" is not in the en catalog',
      ]),
    );
    expect(rules('catalog-unused')).toEqual(['"screen.unused" is shown by no state']);
  });

  it('finds no problem in the menus as they are', () => {
    expect(lintMenus(STUDIO_CHARTS)).toEqual([]);
  });
});
