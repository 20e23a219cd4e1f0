import { describe, expect, it } from 'vitest';
import { statementLines } from './statement-lines.js';

const at = '2026-12-01T21:30:00.000Z';

describe('mini-statement lines', () => {
  it('date each movement in the institution’s zone and name it in the member’s language', () => {
    const items = [
      { at, kind: 'deposit', amount: '50000' },
      { at, kind: 'transfer', amount: '-12550' },
      { at, kind: 'suspense.clear', amount: '25000' },
    ];
    expect(statementLines(items, 'en', 180)).toBe(
      '02/12 Deposit +500.00\n02/12 Sent -125.50\n02/12 Correction +250.00',
    );
    expect(statementLines(items, 'sw', 0)).toBe(
      '01/12 Kuweka +500.00\n01/12 Kutuma -125.50\n01/12 Marekebisho +250.00',
    );
  });

  it('say so when there is nothing to show', () => {
    expect(statementLines([], 'en', 180)).toBe('No transactions yet.');
  });
});
