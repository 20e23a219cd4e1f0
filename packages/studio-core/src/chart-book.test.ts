import { describe, expect, it } from 'vitest';
import { createChartBook } from './chart-book.js';
import { STUDIO_CHARTS } from './charts.js';
import { setCatalogText } from './message-check.js';
import { wrapLine } from './node-card.js';

const book = createChartBook(STUDIO_CHARTS);

describe('chart book', () => {
  it('lists one chart per registry entry, the overview first', () => {
    const charts = book.list();
    expect(charts.map((c) => c.id)).toEqual(STUDIO_CHARTS.map((c) => c.id));
    expect(charts[0]?.overview).toBe(true);
    expect(charts.find((c) => c.id === 'deposit')?.stateIds).toContain('session.deposit.askAmount');
  });

  it('draws every state of a journey with its id, and the states it leaves to as exits', async () => {
    const svg = (await book.svg('deposit', 'en')) ?? '';
    for (const id of book.list().find((c) => c.id === 'deposit')?.stateIds ?? []) {
      expect(svg).toContain(`data-state-id="${id}"`);
    }
    expect(svg).toContain('data-exit-target="session.mainMenu"');
    expect(svg).toContain('CON 43/182');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });

  it('draws the overview with the journeys closed', async () => {
    const svg = (await book.svg('session', 'sw')) ?? '';
    expect(svg).toContain('data-state-id="session.deposit"');
    expect(svg).not.toContain('data-state-id="session.deposit.askAmount"');
  });

  it('measures each screen in every language against the budget', () => {
    const confirm = book.details('deposit')?.states.find((s) => s.id === 'session.deposit.confirm');
    expect(confirm?.texts.map((t) => [t.language, t.prefix, t.over])).toEqual([
      ['en', 'CON ', false],
      ['sw', 'CON ', false],
    ]);
    expect(book.svg('deposit', 'fr')).toBeUndefined();
  });

  it("tells each state the lint's findings on its screen, and measures anew after a text changes", () => {
    const key = 'screen.deposit.askAmount';
    const original = STUDIO_CHARTS[0]?.catalog.sw?.[key] as string;
    const askAmount = () => book.details('deposit')?.states.find((s) => s.id === 'session.deposit.askAmount');
    expect(askAmount()?.lint).toEqual([]);
    try {
      setCatalogText(book, { key, language: 'sw', text: 'Weka kiasi – sasa:' });
      expect(askAmount()?.lint).toEqual([
        { rule: 'gsm7', language: 'sw', message: 'session.deposit.askAmount (sw): not GSM-7: "–"' },
      ]);
      expect(askAmount()?.texts.find((t) => t.language === 'sw')?.nonGsm7).toEqual(['–']);
    } finally {
      setCatalogText(book, { key, language: 'sw', text: original });
    }
    expect(askAmount()?.lint).toEqual([]);
  });

  it('wraps screen lines at spaces', () => {
    expect(wrapLine('You will receive an M-Pesa prompt to approve KES 500.00.', 20)).toEqual([
      'You will receive an',
      'M-Pesa prompt to',
      'approve KES 500.00.',
    ]);
  });
});
