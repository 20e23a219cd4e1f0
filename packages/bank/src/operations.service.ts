import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { auditLedger } from './ledger-audit.js';
import { paymentAttention, paymentsInDoubt, suspenseLedger, unmatchedResults } from './operations.js';
import { reconcile } from './reconciliation.js';

export interface OperationsServiceOptions {
  readonly db: Kysely<Database>;
}

/**
 * What operators, `/readyz` and the audits read: payments that need a hand, money in suspense,
 * results that matched nothing, the day's reconciliation and the ledger's invariants. Read-only;
 * decisions go through the money service (`resolveByOperator`) and the member service.
 */
export function createOperationsService(options: OperationsServiceOptions) {
  const { db } = options;
  return {
    paymentsInDoubt: () => paymentsInDoubt(db),
    suspenseLedger: () => suspenseLedger(db),
    unmatchedResults: (query: { since: Date; suspicious?: boolean }) => unmatchedResults(db, query),
    paymentAttention: (now?: Date) => paymentAttention(db, now),
    reconcile: (window: { from: Date; to: Date }) => reconcile(db, window),
    auditLedger: () => auditLedger(db),
  };
}

export type OperationsService = ReturnType<typeof createOperationsService>;
