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

// Every function and class the index exports, sorted. Services come from factories; the rest
// are pure helpers (no database) and error classes.
const PUBLIC_FUNCTIONS = [
  'LedgerError',
  'MoneyError',
  'PaymentKeyConflictError',
  'PinHashBusyError',
  'SuspenseClearError',
  'averageBalance',
  'checkDelayMs',
  'checkRange',
  'checkWholeUnits',
  'connectEmbedded',
  'connectPostgres',
  'createCallService',
  'createLoanService',
  'createMemberService',
  'createMoneyService',
  'createOperationsService',
  'createOutboxWorker',
  'createPinHashPool',
  'createPinHasher',
  'createSuspenseService',
  'createUssdReportService',
  'currentRequestId',
  'decideCheck',
  'formatMoney',
  'isLive',
  'isLocked',
  'isOpen',
  'lateFee',
  'ledgerHolds',
  'loanFee',
  'loanLimit',
  'localDate',
  'localDayWindow',
  'migrateToLatest',
  'multiplierHundredths',
  'outstandingOf',
  'pinProblem',
  'retryDelayMs',
  'savingsNeeded',
  'startOfLocalDay',
  'totalDue',
  'withRequestId',
];

describe("the bank's public surface", () => {
  it('exports none of the ledger internals', () => {
    expect(INTERNALS.filter((name) => name in bank)).toEqual([]);
  });

  it('exports only the functions and classes a caller may use: factories, pure helpers, errors', () => {
    const functions = Object.entries(bank)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => name)
      .sort();
    // An allowlist, not a pattern: a new export is a decision, made here, that it moves no money.
    expect(functions).toEqual(PUBLIC_FUNCTIONS);
  });

  it('offers its services through their factories', () => {
    for (const factory of [
      'createMemberService',
      'createMoneyService',
      'createLoanService',
      'createCallService',
      'createOperationsService',
      'createSuspenseService',
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
