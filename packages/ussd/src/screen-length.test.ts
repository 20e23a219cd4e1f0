import { describe, expect, it } from 'vitest';
import { screenLength } from './screen-length.js';

// The rule as written: each character (code point) is one septet, an extension character two.
const byCharacter = (text: string) => [...text].reduce((n, ch) => n + ('^{}\\[~]|€\f'.includes(ch) ? 2 : 1), 0);

describe('screenLength', () => {
  it('counts one per character and two per GSM-7 extension character', () => {
    expect(screenLength('CON Welcome\n1. Deposit')).toBe(22);
    expect(screenLength('Pay €5 [now]')).toBe(15);
    expect(screenLength('')).toBe(0);
  });

  it('counts a character outside the Basic Multilingual Plane once, and a lone surrogate once', () => {
    expect(screenLength('ok 😀')).toBe(4);
    expect(screenLength('\ud83d')).toBe(1);
    expect(screenLength('\ude00\ud83d')).toBe(2);
  });

  it('agrees with counting character by character on mixed texts', () => {
    const pieces = [
      'a',
      ' ',
      '\n',
      '€',
      '^',
      '{',
      '}',
      '\\',
      '[',
      '~',
      ']',
      '|',
      '\f',
      'é',
      '😀',
      '\ud83d',
      '\ude00',
      'ñ',
    ];
    let seed = 7;
    for (let n = 0; n < 500; n++) {
      let text = '';
      for (let i = 0; i < n % 40; i++) {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        text += pieces[seed % pieces.length];
      }
      expect(screenLength(text), JSON.stringify(text)).toBe(byCharacter(text));
    }
  });
});
