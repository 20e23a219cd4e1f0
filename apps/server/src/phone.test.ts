import { describe, expect, it } from 'vitest';
import { maskPhone, normalisePhone } from './phone.js';

describe('normalisePhone', () => {
  it('keeps an E.164 number', () => {
    expect(normalisePhone('+254711000111')).toBe('+254711000111');
  });

  it('reads a + lost to form decoding', () => {
    expect(normalisePhone(' 254711000111')).toBe('+254711000111');
    expect(normalisePhone('254711000111')).toBe('+254711000111');
  });

  it.each(['', '+', 'abc', '+0711000111', '+2547110001112345678', '0711 000 111'])('refuses %j', (raw) => {
    expect(normalisePhone(raw)).toBeUndefined();
  });
});

describe('maskPhone', () => {
  it('keeps the country prefix and the last three digits', () => {
    expect(maskPhone('+254711000111')).toBe('+2547*****111');
  });
});
