import { describe, expect, it } from 'vitest';
import { formatMoney } from './money.js';

describe('formatMoney', () => {
  it('shows minor units with two decimals and thousands separators', () => {
    expect(formatMoney(0n, 'KES')).toBe('KES 0.00');
    expect(formatMoney(5n, 'KES')).toBe('KES 0.05');
    expect(formatMoney(123450n, 'KES')).toBe('KES 1,234.50');
    expect(formatMoney(-2500n, 'UGX', 0)).toBe('-UGX 2,500');
  });

  it('keeps amounts beyond float precision exact', () => {
    expect(formatMoney(9007199254740993n, 'KES')).toBe('KES 90,071,992,547,409.93');
  });
});
