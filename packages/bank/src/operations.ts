import type { Kysely } from 'kysely';
import { suspenseBalances } from './account.repository.js';
import type { Database, PaymentKind, PaymentStatus } from './database.js';
import { type SuspensePosting, suspensePostings } from './journal.repository.js';
import {
  countPaymentAttention,
  type PaymentAttention,
  paymentFacts,
  paymentsNeedingHands,
} from './payment.repository.js';
import {
  type ProviderResultLine,
  providerResultLines,
  UNRESOLVED_RESULT_OUTCOMES,
} from './provider-result.repository.js';
import { clearancesByEntry, type SuspenseClearance } from './suspense.repository.js';

// What an operator looks at: open payments that need a hand, money in suspense, results that
// matched nothing. Read-only; decisions go through `money.resolveByOperator`.

export interface PaymentInDoubt {
  readonly id: string;
  readonly kind: PaymentKind;
  readonly status: PaymentStatus;
  readonly amount: bigint;
  readonly currency: string;
  readonly phone: string;
  readonly needsOperator: boolean;
  readonly doubtReason: string | null;
  readonly checks: number;
  readonly createdAt: Date;
}

/** Open payments that are in doubt or wait for an operator, oldest first. */
export async function paymentsInDoubt(db: Kysely<Database>): Promise<PaymentInDoubt[]> {
  return (await paymentsNeedingHands(db)).map((payment) => ({
    ...paymentFacts(payment),
    checks: payment.checks,
    createdAt: payment.createdAt,
  }));
}

export interface SuspenseLine extends SuspensePosting {
  /** How an operator cleared this entry, when one has. */
  readonly clearedBy: SuspenseClearance | undefined;
  /** The entry this one clears, when it is an operator's clearing. */
  readonly clears: string | undefined;
}

/**
 * Every journal entry that posted to a suspense account, oldest first, each with its clearing,
 * and each suspense balance.
 */
export async function suspenseLedger(
  db: Kysely<Database>,
): Promise<{ entries: SuspenseLine[]; balances: { currency: string; balance: bigint }[] }> {
  const clearances = await clearancesByEntry(db);
  const entries = (await suspensePostings(db)).map((posting) => {
    const clearance = clearances.get(posting.entryId);
    const isClearing = clearance?.clearingEntryId === posting.entryId;
    return {
      ...posting,
      clearedBy: isClearing ? undefined : clearance,
      clears: isClearing ? clearance?.entryId : undefined,
    };
  });
  return { entries, balances: await suspenseBalances(db) };
}

export type UnmatchedResult = ProviderResultLine;

/**
 * Provider results that moved nothing and matched no request (unmatched, malformed, failed to
 * apply), and if asked those that did not fit their payment, newest first.
 */
export function unmatchedResults(
  db: Kysely<Database>,
  options: { since: Date; suspicious?: boolean },
): Promise<UnmatchedResult[]> {
  const outcomes = [...UNRESOLVED_RESULT_OUTCOMES, ...(options.suspicious === true ? ['suspicious'] : [])];
  return providerResultLines(db, { outcomes, from: options.since, newestFirst: true });
}

export type { PaymentAttention };

/** The counts `/readyz` reports, in one query on indexed columns. */
export function paymentAttention(db: Kysely<Database>, now = new Date()): Promise<PaymentAttention> {
  return countPaymentAttention(db, new Date(now.getTime() - 86_400_000));
}
