// Test support, exported as `@sacco/bank/testing` for the tests of every package.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { connectPostgres } from './connect.js';
import type { Database } from './database.js';
import { migrateToLatest } from './migrate.js';

/** The real PostgreSQL server the tests use; a database of its own is made per test file. */
export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  readonly url: string;
  /** A connection for the test's own checks (the app under test opens its own). */
  readonly db: Kysely<Database>;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database, migrated unless asked not to be, dropped again by `drop()`. */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `sacco_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await admin((client) => client.query(`create database ${name}`));
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  const db = connectPostgres({ url: url.toString(), poolSize: 4 });
  if (options.migrate !== false) await migrateToLatest(db);
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.destroy();
      await admin((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/**
 * Moves journal entries back in time, with their postings (which carry their entry's time):
 * for tests of rules that look at history, such as the loan offer. Entries chosen by key, or
 * every entry touching an account.
 */
export async function backdateEntries(
  db: Kysely<Database>,
  which: { idempotencyKey: string } | { accountId: string },
  at: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // On the transaction, not the pool: a query on `db` here would wait for a second connection.
    const ids =
      'idempotencyKey' in which
        ? trx.selectFrom('journal_entries').select('id').where('idempotency_key', '=', which.idempotencyKey)
        : trx.selectFrom('postings').select('entry_id as id').where('account_id', '=', which.accountId);
    const entryIds = (await ids.execute()).map((row) => row.id);
    if (entryIds.length === 0) return;
    await trx.updateTable('journal_entries').set({ created_at: at }).where('id', 'in', entryIds).execute();
    await trx.updateTable('postings').set({ posted_at: at }).where('entry_id', 'in', entryIds).execute();
  });
}

// What tests and benchmarks need to set a ledger up or look under it, kept out of the package's
// index: no service moves money this way.
export { ensureSystemAccounts, walletIdOf } from './account.repository.js';
export { outflowSince } from './journal.repository.js';
export { CURRENCY, createMember, fund, GENEROUS_LIMITS, ledgerViolations } from './test-ledger-fixtures.js';
