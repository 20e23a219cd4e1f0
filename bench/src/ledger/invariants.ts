/**
 * The ledger's invariants, checked from the tables after the load. The queries are those of
 * `ledgerViolations` in packages/bank/src/test-ledger-fixtures.ts (copied: the bench does not
 * import test files), with the filtering moved into SQL so that tens of thousands of entries
 * are not pulled into node to find none.
 */
import { type Database, SMS_OUTBOX_KIND } from '@sacco/bank';
import { type Kysely, sql } from 'kysely';

export interface Invariant {
  name: string;
  /** What is wrong, at most a few lines; empty when the invariant holds. */
  violations: string[];
  /** How many rows break it (violations shows the first few). */
  count: number;
}

const SHOWN = 5;

function invariant(name: string, violations: readonly string[]): Invariant {
  return { name, violations: violations.slice(0, SHOWN), count: violations.length };
}

export interface ExpectedActivity {
  /** Transfers the bench saw succeed: each must be exactly one `transfer` entry. */
  transfers: number;
}

export async function checkLedger(db: Kysely<Database>, expected?: ExpectedActivity): Promise<Invariant[]> {
  const results: Invariant[] = [];

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

  const transfers = await db
    .selectFrom('journal_entries')
    .select(db.fn.countAll<string>().as('n'))
    .where('kind', '=', 'transfer')
    .executeTakeFirstOrThrow();
  const sms = await db
    .selectFrom('outbox')
    .select(db.fn.countAll<string>().as('n'))
    .where('kind', '=', SMS_OUTBOX_KIND)
    .where(sql<string>`payload->>'template'`, 'in', ['transfer-sent', 'transfer-received'])
    .executeTakeFirstOrThrow();
  const entries = Number(transfers.n);
  results.push(
    invariant(
      'each transfer queued its two SMS',
      Number(sms.n) === 2 * entries ? [] : [`${entries} transfer entries, ${sms.n} transfer SMS queued`],
    ),
  );
  if (expected !== undefined) {
    results.push(
      invariant(
        'every transfer that returned is in the journal, once',
        entries === expected.transfers
          ? []
          : [`${expected.transfers} transfers returned, ${entries} transfer entries in the journal`],
      ),
    );
  }
  return results;
}

export const holds = (invariants: readonly Invariant[]) => invariants.every((i) => i.count === 0);
