import { isGsm7, nonGsm7Characters, paginate, placeholdersOf, screenLength } from '@sacco/ussd';
import { describe, expect, it } from 'vitest';
import type { StateNode } from 'xstate';
import { catalogs, type ErrorKey, LANGUAGES, type ScreenKey } from './messages/catalog.js';
import { renderSessionScreen, type SessionSettings, screenParams, screenValue } from './session.app.js';
import { sessionMachine } from './session.machine.js';
import type { JourneyContext, SessionContext } from './session.setup.js';

// The widest values a screen can show: a 40-letter name, a large balance, the longest
// configurable navigation keys and support number.
const settings: SessionSettings = {
  navigation: { back: '000', home: '999', more: '998' },
  defaultLanguage: 'en',
  supportPhone: '+254 700 000 000 000',
  lockMinutes: 10_080,
  currency: 'KES',
  countryCode: '254',
  limits: {
    deposit: { min: 99_999_999_999n, max: 99_999_999_999n },
    withdrawal: { min: 99_999_999_999n, max: 99_999_999_999n },
    transfer: { min: 99_999_999_999n, max: 99_999_999_999n },
    airtime: { min: 99_999_999_999n, max: 99_999_999_999n },
    dailyOutflow: 99_999_999_999n,
    utcOffsetMinutes: 180,
  },
  loanMin: 99_999_999_999n,
  loanTerms: [365, 180, 90, 60, 30],
};
// Five statement lines as wide as they come: the longest label and a large amount.
const widestStatement = Array.from({ length: 5 }, () => ({
  at: '2026-11-28T09:00:00Z',
  kind: 'payout.hold',
  amount: '-9999999999',
}));
const W40 = 'W'.repeat(40);
const money = {
  id: '00000000-0000-4000-8000-000000000000',
  amount: '99999999999',
  balance: { minor: '99999999999', currency: 'KES' },
};
const widestLoan = {
  principal: '99999999999',
  fee: '99999999999',
  lateFee: '99999999999',
  paid: '99999999999',
  outstanding: '99999999999',
  due: '2026-12-28T09:00:00Z',
  open: true,
  overdue: true,
};
// Each journey with the widest values of its own fields; a screen is checked with every one.
const widestJourneys = (language: 'en' | 'sw'): JourneyContext[] => [
  { kind: 'locked', id: money.id, lockedMinutes: 10_080 },
  { kind: 'registration', id: money.id, fullName: W40, city: 'W'.repeat(30), language, pinDigest: null },
  { kind: 'account', id: money.id, balance: money.balance, statement: widestStatement, pinDigest: null },
  {
    kind: 'account',
    id: money.id,
    balance: { ...money.balance, held: '99999999999' },
    statement: widestStatement,
    pinDigest: null,
  },
  { kind: 'pinReset', id: money.id, pinDigest: null },
  { kind: 'deposit', ...money },
  { kind: 'withdrawal', ...money },
  {
    kind: 'transfer',
    ...money,
    typedPhone: '+254700000000',
    recipient: { id: 'r', name: W40, phone: '+254700000000' },
  },
  { kind: 'airtime', ...money, typedPhone: '+254700000000', airtimeFor: '+254700000000' },
  {
    kind: 'loan',
    ...money,
    limit: '99999999999',
    termDays: 365,
    quote: { fee: '99999999999', total: '99999999999', due: '2026-12-28T09:00:00Z' },
    loanWaitDays: 3650,
    loanSaveMore: 'KES 999,999,999.99',
    loanBorrow: 'KES 999,999,999.99',
  },
  { kind: 'repayment', ...money, loan: widestLoan, source: 'wallet' },
  { kind: 'loanStatus', id: money.id, loan: widestLoan },
];
const widest = (language: 'en' | 'sw', journey: JourneyContext | null = null): SessionContext => ({
  sessionId: 's',
  phone: '+254700000000',
  language,
  member: { id: 'm', name: W40, language },
  error: null,
  notice: null,
  pinChecked: false,
  attemptsLeft: 9,
  currency: 'KES',
  countryCode: '254',
  loanTerms: settings.loanTerms,
  journey,
});
const widestContexts = (language: 'en' | 'sw') => widestJourneys(language).map((journey) => widest(language, journey));

function screensOf(node: StateNode): { id: string; screen: ScreenKey; final: boolean }[] {
  const own = node.meta?.screen
    ? [{ id: node.id, screen: node.meta.screen as ScreenKey, final: node.type === 'final' }]
    : [];
  return [...own, ...Object.values(node.states).flatMap((child) => screensOf(child as StateNode))];
}

const screens = screensOf(sessionMachine.root as unknown as StateNode);
const BUDGET = 182;
// Screens whose length depends on data and that the engine pages (98 More / 0 Back) when long.
const PAGED: ReadonlySet<ScreenKey> = new Set(['screen.account.statement.show', 'screen.loans.status']);
const labels = { more: '998. More', back: '000. Back' };

function expectFits(id: string, screen: ScreenKey, text: string, final: boolean) {
  const prefix = final ? 'END ' : 'CON ';
  if (!PAGED.has(screen)) {
    expect(screenLength(prefix + text), `${id}:\n${text}`).toBeLessThanOrEqual(BUDGET);
    return;
  }
  for (const page of paginate(text, prefix, BUDGET, labels)) {
    expect(screenLength(prefix + page), `${id} page:\n${page}`).toBeLessThanOrEqual(BUDGET);
  }
}

describe('screens', () => {
  it('finds the screens of every journey', () => {
    expect(screens.length).toBeGreaterThan(15);
  });

  it.each(LANGUAGES)('every message in %s is GSM-7', (language) => {
    for (const [key, text] of Object.entries(catalogs[language])) {
      expect(nonGsm7Characters(text), key).toEqual([]);
    }
  });

  it.each(LANGUAGES)('every screen in %s fits the budget with the widest values', (language) => {
    for (const { id, screen, final } of screens) {
      for (const context of widestContexts(language)) {
        const text = renderSessionScreen(screen, context, settings);
        expectFits(`${id} in ${language}`, screen, text, final);
        expect(isGsm7(text), id).toBe(true);
      }
    }
  });

  it.each(LANGUAGES)('every input screen in %s fits with its longest error line', (language) => {
    const errors = Object.keys(catalogs[language]).filter((k) => k.startsWith('error.')) as ErrorKey[];
    for (const { id, screen, final } of screens.filter((s) => !s.final)) {
      for (const error of errors) {
        for (const widestContext of widestContexts(language)) {
          const context = { ...widestContext, error };
          expectFits(`${id} + ${error} in ${language}`, screen, renderSessionScreen(screen, context, settings), final);
        }
      }
    }
  });

  it('supplies every placeholder a message uses', () => {
    const supplied = new Set(widestContexts('en').flatMap((context) => Object.keys(screenParams(context, settings))));
    // Labels rendered inside a screen parameter, with parameters of their own; and the voice
    // call-back greeting, whose SACCO name the voice channel fills from its settings.
    const nested = new Set(['label.days', 'label.lateFee', 'label.due', 'ivr.callBack']);
    for (const language of LANGUAGES) {
      for (const [key, text] of Object.entries(catalogs[language])) {
        if (nested.has(key)) continue;
        for (const name of placeholdersOf(text)) expect(supplied.has(name), `${key} uses {${name}}`).toBe(true);
      }
    }
  });

  it('renders from the same values as it lists, each computed when a text names it', () => {
    for (const context of widestContexts('en')) {
      const listed = screenParams(context, settings);
      for (const [name, value] of Object.entries(listed))
        expect(screenValue(context, settings, name), name).toBe(value);
      expect(screenValue(context, settings, 'noSuchValue')).toBeUndefined();
      expect(screenValue(context, settings, 'toString')).toBeUndefined();
    }
  });

  it('uses the same placeholders in every language', () => {
    for (const key of Object.keys(catalogs.en) as (keyof typeof catalogs.en)[]) {
      expect(placeholdersOf(catalogs.sw[key]).sort(), key).toEqual(placeholdersOf(catalogs.en[key]).sort());
    }
  });

  it('shows every screen message in some state', () => {
    const used = new Set(screens.map((s) => s.screen));
    const defined = Object.keys(catalogs.en).filter((k) => k.startsWith('screen.'));
    expect(defined.filter((key) => !used.has(key as ScreenKey))).toEqual([]);
  });
});
