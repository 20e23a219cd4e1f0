import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { catalogs } from '@sacco/journeys';
import { describe, expect, it } from 'vitest';
import { CatalogSourceError, replaceCatalogEntry, stringLiteral } from './catalog-source.js';

const sourceOf = (language: string) =>
  readFileSync(new URL(`../../journeys/src/messages/${language}.ts`, import.meta.url), 'utf8');

/** The value of the entry `key` in `source`, as JavaScript reads it. */
const valueIn = (source: string, key: string) => {
  const object = source.slice(source.indexOf('{'), source.lastIndexOf('}') + 1);
  return (runInNewContext(`(${object})`) as Record<string, string>)[key];
};

const FILE = `export const en = {
  'screen.a': 'Hello {name}\\n1. Go',
  'screen.b': "Don't stop",
  'screen.long':
    'A text long enough that the formatter moved it onto a line of its own, after the key and its colon ok',
  'screen.c': 'C',
} as const;
`;

describe('the catalog source editor', () => {
  it('writes every entry of the real catalogs back exactly as they are formatted', () => {
    for (const language of ['en', 'sw'] as const) {
      const source = sourceOf(language);
      for (const [key, text] of Object.entries(catalogs[language])) {
        expect(replaceCatalogEntry(source, key, text), `${language} ${key}`).toBe(source);
      }
    }
  });

  it('replaces exactly one literal and leaves every other line alone', () => {
    const edited = replaceCatalogEntry(FILE, 'screen.a', 'Hi {name}\n1. Go on');
    expect(edited).toBe(FILE.replace("'Hello {name}\\n1. Go'", "'Hi {name}\\n1. Go on'"));
    expect(valueIn(edited, 'screen.a')).toBe('Hi {name}\n1. Go on');
    expect(valueIn(edited, 'screen.b')).toBe("Don't stop");
  });

  it('escapes quotes, backslashes and newlines so the text reads back the same', () => {
    for (const text of ["it's", 'say "hi"', `both ' and "" here`, 'a\\b', 'two\nlines', "\\'", 'ends with \\']) {
      const edited = replaceCatalogEntry(FILE, 'screen.c', text);
      expect(valueIn(edited, 'screen.c'), text).toBe(text);
      expect(edited.split('\n').length).toBe(FILE.split('\n').length);
    }
    expect(stringLiteral("it's")).toBe(`"it's"`);
    expect(stringLiteral(`it's "that" one`)).toBe(`'it\\'s "that" one'`);
  });

  it('moves a text onto its own line past the line width, and back when it fits again', () => {
    const long = 'x'.repeat(110);
    const moved = replaceCatalogEntry(FILE, 'screen.c', long);
    expect(moved).toContain(`  'screen.c':\n    '${long}',\n`);
    expect(replaceCatalogEntry(FILE, 'screen.long', 'Short')).toContain(`  'screen.long': 'Short',\n  'screen.c'`);
    expect(valueIn(replaceCatalogEntry(moved, 'screen.c', 'C'), 'screen.c')).toBe('C');
    expect(replaceCatalogEntry(moved, 'screen.c', 'C')).toBe(FILE);
  });

  it('refuses a key that is not there and characters that a string cannot hold', () => {
    expect(() => replaceCatalogEntry(FILE, 'screen.nope', 'x')).toThrow(CatalogSourceError);
    expect(() => replaceCatalogEntry(FILE, 'screen', 'x')).toThrow(/0 times/);
    expect(() => replaceCatalogEntry(FILE, 'screen.c', 'tab\there')).toThrow(/cannot hold/);
    expect(() => replaceCatalogEntry(FILE, 'screen.c', 'line\u2028separator')).toThrow(/cannot hold/);
  });
});
