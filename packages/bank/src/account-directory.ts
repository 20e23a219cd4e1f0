import type { Kysely, Transaction } from 'kysely';
import { ensureSystemAccounts, findSystemAccountId } from './account.repository.js';
import type { SystemAccountCode } from './chart-of-accounts.js';
import type { Database } from './database.js';
import { LedgerError } from './ledger-error.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * System account ids never change once created: looked up once per code, and created on first
 * use (so a fresh database needs no separate seeding step). Inside a transaction, pass it: a
 * lookup that took a second pool connection while the transaction holds one could exhaust the
 * pool under load and wait forever.
 */
export function createSystemAccountLookup(db: Kysely<Database>, currency: string) {
  const ids = new Map<SystemAccountCode, string>();
  return async (code: SystemAccountCode, executor: Db = db): Promise<string> => {
    const known = ids.get(code);
    if (known !== undefined) return known;
    let id = await findSystemAccountId(executor, code, currency);
    if (id === undefined) {
      await ensureSystemAccounts(executor, currency);
      id = await findSystemAccountId(executor, code, currency);
    }
    if (id === undefined) throw new LedgerError('unknown-account', `no system account ${code} in ${currency}`);
    ids.set(code, id);
    return id;
  };
}
