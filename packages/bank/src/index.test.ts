import { describe, expect, it } from 'vitest';
import * as bank from './index.js';
import * as testing from './testing.js';

// The ledger's internals: each moves money, takes locks or writes the outbox without a service's
// rules (limits, member checks, idempotency of the whole operation), or reads raw rows.
const INTERNALS = [
  'postEntry',
  'credit',
  'debit',
  'lockAccounts',
  'walletIdOf',
  'findWallet',
  'ensureSystemAccounts',
  'createSystemAccountLookup',
  'enqueue',
  'enqueueSms',
  'enqueueSmsBatch',
  'claimDue',
  'findPayment',
  'outflowSince',
  'recentStatement',
  'saveUssdSessionReport',
  'paymentAttention',
  'paymentsInDoubt',
  'suspenseLedger',
  'unmatchedResults',
  'reconcile',
  'auditLedger',
  'inTransaction',
];

describe("the bank's public surface", () => {
  it('exports none of the ledger internals', () => {
    expect(INTERNALS.filter((name) => name in bank)).toEqual([]);
  });

  it('exports no repository function: every function it exports is a factory, a helper or a class', () => {
    const functions = Object.entries(bank)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => name);
    // Repositories are named for what they do to a table; none of those verbs may leak out.
    const repositoryLike = functions.filter((name) =>
      /^(find|insert|update|delete|lock|mark|claim|save)[A-Z]/.test(name),
    );
    expect(repositoryLike).toEqual([]);
  });

  it('offers its services through their factories', () => {
    for (const factory of [
      'createMemberService',
      'createMoneyService',
      'createLoanService',
      'createCallService',
      'createOperationsService',
      'createUssdReportService',
      'createOutboxWorker',
    ]) {
      expect(typeof (bank as Record<string, unknown>)[factory]).toBe('function');
    }
  });

  it('leaves ledger set-up to the testing entry', () => {
    for (const name of ['fund', 'walletIdOf', 'ensureSystemAccounts', 'outflowSince']) {
      expect(typeof (testing as Record<string, unknown>)[name]).toBe('function');
    }
  });
});
