import { describe, expect, it } from 'vitest';
import { maskPhone, normalisePhone } from './phone.js';

describe('normalisePhone', () => {
  it('keeps an E.164 number', () => {
    expect(normalisePhone('+254711000111', '254')).toBe('+254711000111');
  });

  it('reads a + lost to form decoding', () => {
    expect(normalisePhone(' 254711000111', '254')).toBe('+254711000111');
    expect(normalisePhone('254711000111', '254')).toBe('+254711000111');
  });

  it('reads a number without a calling code as national, never as another country', () => {
    expect(normalisePhone('711000001', '254')).toBe('+254711000001');
    expect(normalisePhone('0711000001', '254')).toBe('+254711000001');
  });

  it.each([
    '',
    '+',
    'abc',
    '+0711000111',
    '+2547110001112345678',
    '0711 000 111',
    '+1234567',
    '+711000001',
    '+25471100011',
    '+999711000111',
  ])('refuses %j, which is no valid number', (raw) => {
    expect(normalisePhone(raw, '254')).toBeUndefined();
  });
});

describe('maskPhone', () => {
  it('keeps the country prefix and the last three digits', () => {
    expect(maskPhone('+254711000111')).toBe('+2547*****111');
  });
});
