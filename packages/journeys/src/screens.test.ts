import { isGsm7, nonGsm7Characters, placeholdersOf, screenLength } from '@sacco/ussd';
import { describe, expect, it } from 'vitest';
import type { StateNode } from 'xstate';
import { catalogs, type ErrorKey, LANGUAGES, type ScreenKey } from './messages/catalog.js';
import { renderSessionScreen, type SessionSettings, screenParams } from './session.app.js';
import { sessionMachine } from './session.machine.js';
import type { SessionContext } from './session.setup.js';

// The widest values a screen can show: a 40-letter name, a large balance, the longest
// configurable navigation keys and support number.
const settings: SessionSettings = {
  navigation: { back: '000', home: '999', more: '998' },
  defaultLanguage: 'en',
  supportPhone: '+254 700 000 000 000',
  lockMinutes: 10_080,
};
const widest = (language: 'en' | 'sw'): SessionContext => ({
  sessionId: 's',
  phone: '+254700000000',
  language,
  member: { id: 'm', name: 'W'.repeat(40), language },
  draft: { fullName: 'W'.repeat(40), city: 'W'.repeat(30), language },
  pinDigest: null,
  error: null,
  notice: null,
  attemptsLeft: 9,
  lockedMinutes: 10_080,
  balance: { minor: '999999999999', currency: 'KES' },
});

function screensOf(node: StateNode): { id: string; screen: ScreenKey; final: boolean }[] {
  const own = node.meta?.screen
    ? [{ id: node.id, screen: node.meta.screen as ScreenKey, final: node.type === 'final' }]
    : [];
  return [...own, ...Object.values(node.states).flatMap((child) => screensOf(child as StateNode))];
}

const screens = screensOf(sessionMachine.root as unknown as StateNode);
const BUDGET = 182;

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
      const text = `${final ? 'END' : 'CON'} ${renderSessionScreen(screen, widest(language), settings)}`;
      expect(screenLength(text), `${id} in ${language}:\n${text}`).toBeLessThanOrEqual(BUDGET);
      expect(isGsm7(text), id).toBe(true);
    }
  });

  it.each(LANGUAGES)('every input screen in %s fits with its longest error line', (language) => {
    const errors = Object.keys(catalogs[language]).filter((k) => k.startsWith('error.')) as ErrorKey[];
    for (const { id, screen, final } of screens.filter((s) => !s.final)) {
      for (const error of errors) {
        const context = { ...widest(language), error };
        const text = `${final ? 'END' : 'CON'} ${renderSessionScreen(screen, context, settings)}`;
        expect(screenLength(text), `${id} + ${error} in ${language}:\n${text}`).toBeLessThanOrEqual(BUDGET);
      }
    }
  });

  it('supplies every placeholder a message uses', () => {
    const supplied = new Set(Object.keys(screenParams(widest('en'), settings)));
    for (const language of LANGUAGES) {
      for (const [key, text] of Object.entries(catalogs[language])) {
        for (const name of placeholdersOf(text)) expect(supplied.has(name), `${key} uses {${name}}`).toBe(true);
      }
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
