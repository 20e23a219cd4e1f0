import { type Kysely, sql } from 'kysely';
import type { Database } from './database.js';

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
 * side, and no idempotency key has two entries. The filtering happens in SQL, so a large journal
 * is not pulled into node to find nothing. Used by the tests, the benchmarks, and fit for a
 * periodic reconciliation job.
 */
export async function auditLedger(db: Kysely<Database>): Promise<LedgerCheck[]> {
  const results: LedgerCheck[] = [];

  const all = await db.selectFrom('postings').select(db.fn.sum<string>('amount').as('total')).executeTakeFirst();
  const total = BigInt(all?.total ?? '0');
  results.push(invariant('all postings sum to zero', total === 0n ? [] : [`all postings sum to ${total}`]));

  const unbalanced = await db
    .selectFrom('postings')
    .select(['entry_id', db.fn.sum<string>('amount').as('total')])
    .groupBy('entry_id')
    .having(db.fn.sum('amount'), '<>', 0)
    .execute();
  const thin = await db
    .selectFrom('journal_entries')
    .leftJoin('postings', 'postings.entry_id', 'journal_entries.id')
    .select(['journal_entries.id', db.fn.count<string>('postings.id').as('n')])
    .groupBy('journal_entries.id')
    .having(db.fn.count('postings.id'), '<', 2)
    .execute();
  results.push(
    invariant('each entry balances (two postings or more, summing to zero)', [
      ...unbalanced.map((e) => `entry ${e.entry_id} sums to ${e.total}`),
      ...thin.map((e) => `entry ${e.id} has ${e.n} postings`),
    ]),
  );

  const negative = await db
    .selectFrom('accounts')
    .select(['id', 'balance'])
    .where('kind', '=', 'wallet')
    .where('balance', '<', 0n)
    .execute();
  results.push(
    invariant(
      'no negative wallet',
      negative.map((a) => `wallet ${a.id} is at ${a.balance}`),
    ),
  );

  // The stored balance is on the account's normal side: minus the postings for a credit-normal one.
  const drift = await db
    .selectFrom('accounts')
    .leftJoin(
      db
        .selectFrom('postings')
        .select(['account_id', db.fn.sum<string>('amount').as('raw')])
        .groupBy('account_id')
        .as('p'),
      'p.account_id',
      'accounts.id',
    )
    .select([
      'accounts.id',
      'accounts.balance',
      sql<string>`case when accounts.normal_side = 'debit' then coalesce(p.raw, 0) else -coalesce(p.raw, 0) end`.as(
        'expected',
      ),
    ])
    .where(
      sql<boolean>`accounts.balance <> case when accounts.normal_side = 'debit' then coalesce(p.raw, 0) else -coalesce(p.raw, 0) end`,
    )
    .execute();
  results.push(
    invariant(
      "each account's stored balance equals its postings on its normal side",
      drift.map((a) => `account ${a.id} stores ${a.balance}, postings say ${a.expected}`),
    ),
  );

  const keys = await db
    .selectFrom('journal_entries')
    .select(['idempotency_key', db.fn.countAll<string>().as('n')])
    .groupBy('idempotency_key')
    .having(db.fn.countAll(), '>', 1)
    .execute();
  results.push(
    invariant(
      'each idempotency key at most once',
      keys.map((k) => `idempotency key ${k.idempotency_key} has ${k.n} entries`),
    ),
  );

  return results;
}

export const ledgerHolds = (checks: readonly LedgerCheck[]) => checks.every((check) => check.count === 0);
