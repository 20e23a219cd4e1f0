import { describe, expect, it } from 'vitest';
import { averageBalance, lateFee, loanFee, loanLimit, savingsNeeded } from './loan-policy.js';
import { TEST_LOAN_POLICY } from './test-ledger-fixtures.js';

const policy = TEST_LOAN_POLICY;

describe('loan policy', () => {
  it('charges the fee pro rata to the term, rounded up to the cent', () => {
    expect(loanFee(policy, 100_000n, 30)).toBe(5_000n);
    expect(loanFee(policy, 100_000n, 90)).toBe(15_000n);
    expect(loanFee(policy, 333n, 30)).toBe(17n);
  });

  it('charges a late fee on the outstanding amount', () => {
    expect(lateFee(policy, 105_000n)).toBe(10_500n);
    expect(lateFee(policy, 1n)).toBe(1n);
  });

  it('limits to three times savings, capped, in whole shillings', () => {
    expect(loanLimit(policy, 10_050n)).toBe(30_100n);
    expect(loanLimit(policy, 10_000_000n)).toBe(5_000_000n);
    expect(loanLimit(policy, 0n)).toBe(0n);
  });

  it('tells what more to save for the smallest loan, in whole units, enough to reach it', () => {
    // KES 100 at three times savings: KES 33.34 would do, KES 34.00 is said.
    expect(savingsNeeded(policy, 0n)).toBe(3_400n);
    expect(savingsNeeded(policy, 1_000n)).toBe(2_400n);
    expect(savingsNeeded(policy, 3_334n)).toBe(0n);
    for (const average of [0n, 1n, 999n, 1_000n, 2_500n, 3_333n]) {
      expect(loanLimit(policy, average + savingsNeeded(policy, average)), String(average)).toBeGreaterThanOrEqual(
        policy.min,
      );
      expect(savingsNeeded(policy, average) % 100n).toBe(0n);
    }
  });

  it('averages a balance over time, weighting each level by how long it lasted', () => {
    const from = new Date('2026-11-01T00:00:00Z');
    const to = new Date('2026-11-11T00:00:00Z');
    // 0 for 5 days, then 1,000 for 5 days: an average of 500.
    expect(averageBalance(100_000n, [{ at: new Date('2026-11-06T00:00:00Z'), change: 100_000n }], from, to)).toBe(
      50_000n,
    );
    // Unchanged for the whole window.
    expect(averageBalance(70_000n, [], from, to)).toBe(70_000n);
    // 1,000 for 5 days, then all withdrawn.
    expect(averageBalance(0n, [{ at: new Date('2026-11-06T00:00:00Z'), change: -100_000n }], from, to)).toBe(50_000n);
  });
});
