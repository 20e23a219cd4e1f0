import { describe, expect, it } from 'vitest';
import { greetingName, isValidCity, isValidName, tidyName } from './names.js';

describe('names', () => {
  it.each(['Jane Doe', "Mary-Ann O'Neil", 'Wanjiku', 'Zoë Kamau', 'አበበ በቂላ', 'Jo'])('accepts %j', (name) => {
    expect(isValidName(name)).toBe(true);
  });

  it.each(['J', '', '   ', '1234', 'Jane2', '-Jane', 'Jane_Doe', 'a'.repeat(41)])('refuses %j', (name) => {
    expect(isValidName(name)).toBe(false);
  });

  it('limits a city to 30 letters', () => {
    expect(isValidCity('Nairobi')).toBe(true);
    expect(isValidCity('a'.repeat(31))).toBe(false);
  });

  it('tidies spaces', () => {
    expect(tidyName('  Jane   Doe ')).toBe('Jane Doe');
  });

  it('greets by the first name, cut to 20 letters with no mark that a full stop after it would double', () => {
    expect(greetingName('Wanjiku Kamau')).toBe('Wanjiku');
    const cut = greetingName('Wanjirumwangikamaumwangi Otieno');
    expect(cut).toBe('Wanjirumwangikamaumw');
    expect(cut.endsWith('.')).toBe(false);
  });
});
