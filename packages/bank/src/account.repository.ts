import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface Wallet {
  readonly id: string;
  readonly currency: string;
  /** Minor units (cents). */
  readonly balance: bigint;
  /** The part of the balance held for an open loan (may exceed a balance run down since). */
  readonly held: bigint;
}

export async function insertWallet(db: Db, memberId: string, currency: string): Promise<void> {
  await db
    .insertInto('accounts')
    .values({ kind: 'wallet', normal_side: 'credit', member_id: memberId, currency })
    .execute();
}

export async function findWallet(db: Db, memberId: string): Promise<Wallet | undefined> {
  return db
    .selectFrom('accounts')
    .select(['id', 'currency', 'balance', 'held'])
    .where('member_id', '=', memberId)
    .where('kind', '=', 'wallet')
    .executeTakeFirst();
}
