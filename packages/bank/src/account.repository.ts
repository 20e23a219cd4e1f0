import { type Kysely, sql, type Transaction } from 'kysely';
import { SYSTEM_ACCOUNTS, type SystemAccountCode } from './chart-of-accounts.js';
import type { Database } from './database.js';
import { LedgerError } from './ledger-error.js';

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

/** An account's stored balance, on its normal side. */
export async function balanceOf(db: Db, accountId: string): Promise<bigint> {
  const row = await db.selectFrom('accounts').select('balance').where('id', '=', accountId).executeTakeFirstOrThrow();
  return row.balance;
}

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

export async function findSystemAccountId(
  db: Db,
  code: SystemAccountCode,
  currency: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('accounts')
    .select('id')
    .where('code', '=', code)
    .where('currency', '=', currency)
    .executeTakeFirst();
  return row?.id;
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
 * Moves one account's stored balance by a posting's `amount` (debit positive), in one guarded
 * UPDATE: money in is always taken; a wallet's money out may not go below zero, nor below its
 * held part unless `mayUseHeld`. The new balance, or undefined when the guard refused (or there
 * is no such account).
 */
export async function moveBalance(
  trx: Transaction<Database>,
  accountId: string,
  amount: bigint,
  mayUseHeld: boolean,
): Promise<bigint | undefined> {
  // The change on the account's normal side: a debit grows a debit-normal account.
  const change = sql<bigint>`case when normal_side = 'debit' then ${amount}::int8 else ${-amount}::int8 end`;
  const floor = mayUseHeld ? sql`0` : sql`held`;
  const updated = await trx
    .updateTable('accounts')
    .set({ balance: sql`balance + ${change}` })
    .where('id', '=', accountId)
    .where(
      sql<boolean>`(kind <> 'wallet' or (balance + ${change} >= 0 and (${change} >= 0 or balance + ${change} >= ${floor})))`,
    )
    .returning(['id', 'balance'])
    .executeTakeFirst();
  return updated?.balance;
}

/** An account's balance and held part, to say why a movement was refused. */
export async function findFunds(
  trx: Transaction<Database>,
  accountId: string,
): Promise<{ balance: bigint; held: bigint } | undefined> {
  return trx.selectFrom('accounts').select(['balance', 'held']).where('id', '=', accountId).executeTakeFirst();
}

/** Sets the part of a wallet held for an open loan. */
export async function setHeld(trx: Transaction<Database>, walletId: string, held: bigint): Promise<void> {
  await trx.updateTable('accounts').set({ held }).where('id', '=', walletId).execute();
}

/** The balance of each currency's suspense account. */
export async function suspenseBalances(db: Kysely<Database>): Promise<{ currency: string; balance: bigint }[]> {
  const rows = await db
    .selectFrom('accounts')
    .select(['currency', 'balance'])
    .where('kind', '=', 'system')
    .where('code', '=', 'suspense')
    .orderBy('currency')
    .execute();
  return rows.map((row) => ({ currency: row.currency, balance: BigInt(row.balance) }));
}

/** Wallets below zero, which the ledger must never allow. */
export async function negativeWallets(db: Kysely<Database>): Promise<{ id: string; balance: bigint }[]> {
  return db
    .selectFrom('accounts')
    .select(['id', 'balance'])
    .where('kind', '=', 'wallet')
    .where('balance', '<', 0n)
    .execute();
}

/** Accounts whose stored balance differs from the sum of their postings on their normal side. */
export async function balanceDrift(db: Kysely<Database>): Promise<{ id: string; balance: bigint; expected: string }[]> {
  return db
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
}
