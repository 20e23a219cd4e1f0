import { MINI_STATEMENT_LINES } from '@sacco/journeys';
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

  it('folds failure, locked and error transitions into a badge on their state unless faults are shown', async () => {
    const folded = (await book.svg('withdraw', 'en')) ?? '';
    const shown = (await book.svg('withdraw', 'en', { faults: true })) ?? '';
    expect(folded).not.toContain('data-exit-target="session.failure"');
    expect(folded).not.toContain('class="edge edge--fault"');
    // The PIN check can fail (error) or lock the member out: two faults, each listed in the tooltip.
    const checkingPin = /<g class="[^"]*" data-state-id="session\.withdraw\.checkingPin">.*?<\/g><\/g>/s.exec(
      folded,
    )?.[0];
    expect(checkingPin).toContain('class="fault-badge"');
    expect(checkingPin).toContain('2 faults');
    expect(checkingPin).toContain('locked -&gt; lockedOut');
    expect(checkingPin).toContain('error -&gt; failure');
    expect(shown).toContain('data-exit-target="session.failure"');
    expect(shown).toContain('class="edge edge--fault"');
    expect(shown).not.toContain('class="fault-badge"');
  });

  it('lays a journey out top-down from its entry', async () => {
    const svg = (await book.svg('loans', 'en')) ?? '';
    const top = (id: string) =>
      Number(new RegExp(`data-state-id="${id}">.*?<rect class="card" x="[\\d.]+" y="([\\d.]+)"`, 's').exec(svg)?.[1]);
    expect(top('session.loans.menu')).toBeLessThan(top('session.loans.apply.askAmount'));
    expect(top('session.loans.apply.askAmount')).toBeLessThan(top('session.loans.apply.summary'));
    expect(top('session.loans.apply.summary')).toBeLessThan(top('session.loans.apply.done'));
    expect(top('session.loans.repay.chooseSource')).toBeLessThan(top('session.loans.repay.repaid'));
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

  it('measures the worst case of every screen that depends on data, never shorter than the sample', () => {
    const worst = book
      .list()
      .flatMap((chart) =>
        (book.details(chart.id)?.states ?? []).flatMap((s) =>
          s.texts.flatMap((t) => (t.worst ? [{ ...t, id: s.id }] : [])),
        ),
      );
    expect(worst.length).toBeGreaterThan(20);
    for (const text of worst) expect(text.worst?.length, text.id).toBeGreaterThanOrEqual(text.length);
    // Screens that show no data have no worst case.
    const askName = book.details('registration')?.states.find((s) => s.id === 'session.registration.askName');
    expect(askName?.texts.every((t) => t.worst === undefined)).toBe(true);
  });

  it('measures a full statement, as many lines as the bank returns, and says "paged" only past one page', async () => {
    const statement = book.details('account')?.states.find((s) => s.id === 'session.account.statement.show');
    for (const text of statement?.texts ?? []) {
      const [, ...rest] = text.worst?.text.split('\n') ?? [];
      expect(rest.slice(0, -1)).toHaveLength(MINI_STATEMENT_LINES);
      expect(text.pages).toBe(1);
      expect(text.worst?.pages).toBeGreaterThan(1);
    }
    const svg = (await book.svg('account', 'en')) ?? '';
    const en = statement?.texts.find((t) => t.language === 'en');
    expect(svg).toContain(`CON ${en?.length}, ${en?.worst?.length}/182 worst`);
    expect(svg).toContain(`paged at worst: ${en?.worst?.pages} pages`);
    // The loan status is paged too, but fits one page even at worst: no "paged" on its card.
    expect((await book.svg('loans', 'en')) ?? '').not.toContain('paged');
  });

  it('holds a paged screen over the budget only when a page is: its card, its details and the count agree', async () => {
    const stateGroup = (svg: string, id: string) =>
      new RegExp(`<g class="([^"]*)" data-state-id="${id.replace(/\./g, '\\.')}">`).exec(svg)?.[1] ?? '';
    // The full statement is longer than a screen at worst, but the engine pages it and each page fits.
    const statement = book.details('account')?.states.find((s) => s.id === 'session.account.statement.show');
    for (const text of statement?.texts ?? []) {
      expect(text.worst?.length).toBeGreaterThan(182);
      expect(text.worst?.over).toBe(false);
    }
    expect(stateGroup((await book.svg('account', 'en')) ?? '', 'session.account.statement.show')).not.toContain(
      'state--over',
    );
    expect(book.list().find((c) => c.id === 'account')?.overBudget).toBe(0);
    // A screen the engine does not page is over as soon as its text is, on the card and in the count.
    const key = 'screen.deposit.askAmount';
    const original = STUDIO_CHARTS[0]?.catalog.en?.[key] as string;
    try {
      setCatalogText(book, { key, language: 'en', text: `${original}\n${'Type the amount. '.repeat(10)}` });
      const askAmount = book.details('deposit')?.states.find((s) => s.id === 'session.deposit.askAmount');
      expect(askAmount?.texts.find((t) => t.language === 'en')?.over).toBe(true);
      expect(stateGroup((await book.svg('deposit', 'en')) ?? '', 'session.deposit.askAmount')).toContain('state--over');
      expect(book.list().find((c) => c.id === 'deposit')?.overBudget).toBe(1);
    } finally {
      setCatalogText(book, { key, language: 'en', text: original });
    }
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

  it('labels keys with the words of an edited screen once the text changes', async () => {
    const key = 'screen.deposit.confirm';
    const original = STUDIO_CHARTS[0]?.catalog.en?.[key] as string;
    expect(await book.svg('deposit', 'en')).toContain('1 Confirm');
    try {
      setCatalogText(book, { key, language: 'en', text: original.replace('1. Confirm', '1. Yes, deposit') });
      const svg = (await book.svg('deposit', 'en')) ?? '';
      expect(svg).toContain('1 Yes, deposit');
      expect(svg).not.toContain('1 Confirm');
    } finally {
      setCatalogText(book, { key, language: 'en', text: original });
    }
  });

  it('wraps screen lines at spaces', () => {
    expect(wrapLine('You will receive an M-Pesa prompt to approve KES 500.00.', 20)).toEqual([
      'You will receive an',
      'M-Pesa prompt to',
      'approve KES 500.00.',
    ]);
  });
});
