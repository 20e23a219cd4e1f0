import type { Kysely, Transaction } from 'kysely';
import { SYSTEM_ACCOUNTS, type SystemAccountCode } from './chart-of-accounts.js';
import type { Database } from './database.js';
import { LedgerError } from './journal.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Creates the system accounts of a currency that do not exist yet (idempotent, run at boot). */
export async function ensureSystemAccounts(db: Db, currency: string): Promise<void> {
  await db
    .insertInto('accounts')
    .values(
      Object.entries(SYSTEM_ACCOUNTS).map(([code, side]) => ({
        kind: 'system' as const,
        code,
        normal_side: side,
        currency,
      })),
    )
    .onConflict((oc) => oc.columns(['code', 'currency']).doNothing())
    .execute();
}

export async function walletIdOf(db: Db, memberId: string): Promise<string> {
  const row = await db
    .selectFrom('accounts')
    .select('id')
    .where('member_id', '=', memberId)
    .where('kind', '=', 'wallet')
    .executeTakeFirst();
  if (row === undefined) throw new LedgerError('unknown-account', `member ${memberId} has no wallet`);
  return row.id;
}

/**
 * Locks accounts in id order (the same order `postEntry` updates them in), so that checks made
 * under the lock, such as a daily limit, hold until the caller's transaction ends.
 */
export async function lockAccounts(trx: Transaction<Database>, accountIds: readonly string[]): Promise<void> {
  await trx
    .selectFrom('accounts')
    .select('id')
    .where('id', 'in', [...accountIds])
    .orderBy('id')
    .forUpdate()
    .execute();
}

/**
 * System account ids never change once created: looked up once per code, and created on first
 * use (so a fresh database needs no separate seeding step). Inside a transaction, pass it: a
 * lookup that took a second pool connection while the transaction holds one could exhaust the
 * pool under load and wait forever.
 */
export function createSystemAccountLookup(db: Kysely<Database>, currency: string) {
  const ids = new Map<SystemAccountCode, string>();
  const find = (executor: Db, code: SystemAccountCode) =>
    executor
      .selectFrom('accounts')
      .select('id')
      .where('code', '=', code)
      .where('currency', '=', currency)
      .executeTakeFirst();
  return async (code: SystemAccountCode, executor: Db = db): Promise<string> => {
    const known = ids.get(code);
    if (known !== undefined) return known;
    let row = await find(executor, code);
    if (row === undefined) {
      await ensureSystemAccounts(executor, currency);
      row = await find(executor, code);
    }
    if (row === undefined) throw new LedgerError('unknown-account', `no system account ${code} in ${currency}`);
    ids.set(code, row.id);
    return row.id;
  };
}
