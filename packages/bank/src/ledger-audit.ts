import type { Kysely } from 'kysely';
import { balanceDrift, negativeWallets } from './account.repository.js';
import type { Database } from './database.js';
import { outflowDrift, postingsTotal, repeatedKeys, thinEntries, unbalancedEntries } from './journal.repository.js';

/** One rule of the books, and what breaks it. */
export interface LedgerCheck {
  readonly name: string;
  /** The first few violations, readable; empty when the rule holds. */
  readonly violations: readonly string[];
  /** How many rows break it. */
  readonly count: number;
}

const SHOWN = 5;

function invariant(name: string, violations: readonly string[]): LedgerCheck {
  return { name, violations: violations.slice(0, SHOWN), count: violations.length };
}

/**
 * Checks the ledger's invariants from the tables themselves: all postings sum to zero, every
 * entry balances, no wallet is negative, every stored balance equals its postings on its normal
 * side, no idempotency key has two entries, and the outflow counted per hour for the daily
 * limit equals the postings it counts. The filtering happens in SQL, so a large journal
 * is not pulled into node to find nothing. Used by the tests, the benchmarks, and fit for a
 * periodic reconciliation job.
 */
export async function auditLedger(db: Kysely<Database>): Promise<LedgerCheck[]> {
  const results: LedgerCheck[] = [];

  const total = await postingsTotal(db);
  results.push(invariant('all postings sum to zero', total === 0n ? [] : [`all postings sum to ${total}`]));

  const unbalanced = await unbalancedEntries(db);
  const thin = await thinEntries(db);
  results.push(
    invariant('each entry balances (two postings or more, summing to zero)', [
      ...unbalanced.map((e) => `entry ${e.entry_id} sums to ${e.total}`),
      ...thin.map((e) => `entry ${e.id} has ${e.n} postings`),
    ]),
  );

  const negative = await negativeWallets(db);
  results.push(
    invariant(
      'no negative wallet',
      negative.map((a) => `wallet ${a.id} is at ${a.balance}`),
    ),
  );

  // The stored balance is on the account's normal side: minus the postings for a credit-normal one.
  const drift = await balanceDrift(db);
  results.push(
    invariant(
      "each account's stored balance equals its postings on its normal side",
      drift.map((a) => `account ${a.id} stores ${a.balance}, postings say ${a.expected}`),
    ),
  );

  const keys = await repeatedKeys(db);
  results.push(
    invariant(
      'each idempotency key at most once',
      keys.map((k) => `idempotency key ${k.idempotency_key} has ${k.n} entries`),
    ),
  );

  const outflow = await outflowDrift(db);
  results.push(
    invariant(
      "each account's hourly outflow equals its postings",
      outflow.map(
        (h) => `account ${h.account_id} at ${h.hour.toISOString()} stores ${h.stored}, postings say ${h.expected}`,
      ),
    ),
  );

  return results;
}

export const ledgerHolds = (checks: readonly LedgerCheck[]) => checks.every((check) => check.count === 0);
