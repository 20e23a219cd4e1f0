import { describe, expect, it } from 'vitest';
import { normaliseMsisdn, parseAmount } from './amounts.js';

describe('parseAmount', () => {
  it.each([
    ['500', 50_000n],
    ['500.5', 50_050n],
    ['500.05', 50_005n],
    ['1,000', 100_000n],
    [' 12 ', 1_200n],
    ['0.01', 1n],
  ])('reads %j as %s minor units', (raw, expected) => {
    expect(parseAmount(raw)).toBe(expected);
  });

  it.each(['', '0', '0.00', '-5', '5.001', '1e3', 'abc', '1,00', '12.', '9999999999999'])('refuses %j', (raw) => {
    expect(parseAmount(raw)).toBeUndefined();
  });
});

describe('normaliseMsisdn', () => {
  it.each([
    ['0712345678', '+254712345678'],
    ['0712 345 678', '+254712345678'],
    ['712345678', '+254712345678'],
    ['254712345678', '+254712345678'],
    ['+254712345678', '+254712345678'],
    ['0110345678', '+254110345678'],
    ['+255712345678', '+255712345678'],
  ])('reads %j as %s', (raw, expected) => {
    expect(normaliseMsisdn(raw, '254')).toBe(expected);
  });

  it.each(['', '07123', '071234567890', 'abc', '+0712345678', '0012345678', '+1234567', '+711000001'])(
    'refuses %j, which is no valid number',
    (raw) => {
      expect(normaliseMsisdn(raw, '254')).toBeUndefined();
    },
  );
});
