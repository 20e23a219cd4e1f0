import { describe, expect, it } from 'vitest';
import { chargeToMinor, decimalToMinor, minorDigitsOf, minorToDecimal } from './minor-units.js';

describe('decimalToMinor', () => {
  it('reads numbers and strings digit by digit', () => {
    expect(decimalToMinor(1.0)).toBe(100n);
    expect(decimalToMinor(0.1)).toBe(10n);
    expect(decimalToMinor(0.29)).toBe(29n);
    expect(decimalToMinor('100.50')).toBe(10_050n);
    expect(decimalToMinor(' 7 ')).toBe(700n);
    expect(decimalToMinor(9_007_199_254_740_991)).toBe(900_719_925_474_099_100n);
  });

  it('follows the currency minor digits', () => {
    expect(decimalToMinor('1500', 0)).toBe(1_500n);
    expect(decimalToMinor('1500.5', 0)).toBeUndefined();
  });

  it('refuses what is not a plain non-negative decimal within the minor digits', () => {
    for (const value of [
      -1,
      '1.005',
      1e21,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '',
      '1,000',
      '0x10',
      null,
      {},
      true,
    ]) {
      expect(decimalToMinor(value), String(value)).toBeUndefined();
    }
  });
});

describe('minorToDecimal', () => {
  it('writes the fraction to the digits asked, never dropping cents', () => {
    expect(minorToDecimal(10_050n)).toBe('100.50');
    expect(minorToDecimal(10_000n, 2, 0)).toBe('100');
    expect(minorToDecimal(10_050n, 2, 0)).toBe('100.5');
    expect(minorToDecimal(10_000n, 2, 4)).toBe('100.0000');
    expect(minorToDecimal(1_500n, 0)).toBe('1500');
    expect(minorToDecimal(-5n)).toBe('-0.05');
  });
});

describe('minorDigitsOf', () => {
  it('knows the zero-decimal currencies of the region', () => {
    expect(minorDigitsOf('KES')).toBe(2);
    expect(minorDigitsOf('UGX')).toBe(0);
    expect(minorDigitsOf('RWF')).toBe(0);
  });
});

describe('chargeToMinor', () => {
  it('rounds a charge up to the next minor unit, never down', () => {
    expect(chargeToMinor('0.10')).toBe(10n);
    expect(chargeToMinor('1.5')).toBe(150n);
    expect(chargeToMinor('0.0500')).toBe(5n);
    expect(chargeToMinor('0.0012')).toBe(1n);
    expect(chargeToMinor('2.4000')).toBe(240n);
    expect(chargeToMinor('7')).toBe(700n);
    expect(chargeToMinor('120.5', 0)).toBe(121n);
  });

  it('refuses what is not a plain non-negative decimal', () => {
    for (const text of ['', '-1', '1,000', 'KES 1', '1.']) expect(chargeToMinor(text), text).toBeUndefined();
  });
});
