import { describe, expect, it } from 'vitest';
import { isGsm7, nonGsm7Characters, toGsm7 } from './gsm7.js';

describe('gsm7', () => {
  it('accepts plain text, digits and the extension table', () => {
    expect(isGsm7('1. Deposit\n2. Withdraw [KES] €5')).toBe(true);
  });

  it('refuses characters outside the alphabet', () => {
    expect(isGsm7('Karibu ✓')).toBe(false);
    expect(nonGsm7Characters('a✓b✓’')).toEqual(['✓', '’']);
  });

  it('folds member text into the alphabet without losing its length meaning', () => {
    expect(toGsm7('Łukasz Ñandú')).toBe('Lukasz Ñandu');
    expect(toGsm7('Ama አበበ')).toBe('Ama ???');
    expect(isGsm7(toGsm7('Zoë “Z” O’Neil'))).toBe(true);
  });

  it.each([
    ['Zoë Wanjirū', 'Zoe Wanjiru'],
    ['Ng’ang’a Kamau', "Ng'ang'a Kamau"],
    ["Ng'ang'a", "Ng'ang'a"],
    ['Δημήτρης Παπαδόπουλος', 'Dimitris Papadopoulos'],
    ['Олена Шевченко', 'Olena Shevchenko'],
    ['Юрий Щукин', 'Yuriy Shchukin'],
    ['Ａｍａ', 'Ama'],
  ])('shows %j as %j, readable in GSM-7', (name, shown) => {
    expect(toGsm7(name)).toBe(shown);
    expect(isGsm7(toGsm7(name))).toBe(true);
  });
});
