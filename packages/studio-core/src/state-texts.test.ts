import { paginate } from '@sacco/ussd';
import { describe, expect, it } from 'vitest';
import { type AnyStateNode, createMachine } from 'xstate';
import type { StudioChart } from './contracts.js';
import { stateTexts } from './state-texts.js';

const BUDGET = 182;
const navigation = { back: '0', home: '00', more: '98' };
const labels = {
  en: { more: '98. More', back: '0. Back' },
  sw: { more: '98. Zaidi', back: '0. Rudi' },
};
const machine = createMachine({ id: 'm', initial: 'list', states: { list: { meta: { screen: 'screen.list' } } } });
const node = machine.states.list as AnyStateNode;

function chartShowing(text: string): StudioChart {
  return {
    id: 'list',
    title: 'A long list',
    machine,
    channel: 'ussd',
    languages: ['en', 'sw'],
    messageKey: () => 'screen.list',
    render: () => text,
    catalog: {
      en: { 'screen.list': text, 'system.more': '{more}. More', 'system.back': '{back}. Back' },
      sw: { 'screen.list': text, 'system.more': '{more}. Zaidi', 'system.back': '{back}. Rudi' },
    },
    shownKeyPrefix: 'screen.',
    paged: ['screen.list'],
  };
}

describe('the pages the studio counts', () => {
  it('are the engine’s pages in each language, with that language’s footer', () => {
    // The shortest list that the longer Kiswahili footer pages once more than the English one.
    let text = '';
    search: for (let width = 10; width <= 60; width += 1) {
      for (let n = 2; n <= 30; n += 1) {
        text = Array.from({ length: n }, (_, i) => `${i + 1}. `.padEnd(width, 'x')).join('\n');
        const en = paginate(text, 'CON ', BUDGET, labels.en).length;
        if (paginate(text, 'CON ', BUDGET, labels.sw).length > en) break search;
      }
    }
    const texts = stateTexts(chartShowing(text), node, navigation, BUDGET);
    const pages = Object.fromEntries(texts.map((t) => [t.language, t.pages]));
    expect(pages).toEqual({
      en: paginate(text, 'CON ', BUDGET, labels.en).length,
      sw: paginate(text, 'CON ', BUDGET, labels.sw).length,
    });
    expect(pages.sw).toBeGreaterThan(pages.en as number);
    expect(texts.every((t) => !t.over)).toBe(true);
  });
});

describe('a paging label with no room left beside it', () => {
  it('leaves a long paged screen whole and over the budget, rather than failing', () => {
    const text = Array.from({ length: 20 }, (_, i) => `${i + 1}. A line of the statement`).join('\n');
    const chart = chartShowing(text);
    const catalog = chart.catalog as Record<string, Record<string, string>>;
    const words = catalog.en as Record<string, string>;
    words['system.more'] = `{more}. ${'Next page please '.repeat(10)}`;
    const [en] = stateTexts(chart, node, navigation, BUDGET);
    expect(en).toMatchObject({ language: 'en', pages: 1, over: true });
  });
});
