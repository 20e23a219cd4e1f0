import { sql, type Transaction } from 'kysely';
import type { Database } from './database.js';

/** One line of a journal entry: debit positive, credit negative, minor units. */
export interface Posting {
  readonly accountId: string;
  readonly amount: bigint;
}

export const debit = (accountId: string, amount: bigint): Posting => ({ accountId, amount });
export const credit = (accountId: string, amount: bigint): Posting => ({ accountId, amount: -amount });

export interface NewEntry {
  /** Unique per movement (from the session turn or the provider's ids): a retry finds it. */
  readonly idempotencyKey: string;
  /** What moved, e.g. `transfer` or `payout.hold`; statements are labelled by it. */
  readonly kind: string;
  readonly memo?: string;
  readonly postings: readonly Posting[];
  /**
   * Only a loan's own repayment or recovery may take a wallet into the part held for the loan
   * (`accounts.held`); every other movement stops at it.
   */
  readonly mayUseHeld?: boolean;
}

export type LedgerErrorCode =
  | 'unbalanced-entry'
  | 'insufficient-funds'
  | 'held-funds'
  | 'unknown-account'
  | 'idempotency-conflict';

export class LedgerError extends Error {
  constructor(
    readonly code: LedgerErrorCode,
    message: string,
    readonly accountId?: string,
  ) {
    super(message);
    this.name = 'LedgerError';
  }
}

function assertBalanced(entry: NewEntry): void {
  if (entry.postings.length < 2) throw new LedgerError('unbalanced-entry', `${entry.kind}: fewer than two postings`);
  if (entry.postings.some((p) => p.amount === 0n))
    throw new LedgerError('unbalanced-entry', `${entry.kind}: zero posting`);
  const sum = entry.postings.reduce((total, p) => total + p.amount, 0n);
  if (sum !== 0n) throw new LedgerError('unbalanced-entry', `${entry.kind}: postings sum to ${sum}, not 0`);
}

const postingOrder = (a: Posting, b: Posting) =>
  a.accountId < b.accountId
    ? -1
    : a.accountId > b.accountId
      ? 1
      : a.amount < b.amount
        ? -1
        : a.amount > b.amount
          ? 1
          : 0;

/** The same postings, in any order. */
function samePostings(stored: readonly Posting[], requested: readonly Posting[]): boolean {
  if (stored.length !== requested.length) return false;
  const a = [...stored].sort(postingOrder);
  const b = [...requested].sort(postingOrder);
  return a.every((p, i) => p.accountId === b[i]?.accountId && p.amount === b[i]?.amount);
}

/**
 * Writes one balanced journal entry and moves the stored balances of its accounts, inside the
 * caller's transaction. Writing the same idempotency key again with the same kind and postings
 * moves nothing and returns the first entry (`duplicate: true`, and no balances); the same key
 * with another kind or other postings throws `idempotency-conflict`. `balances` holds each account's new balance,
 * on its normal side. A wallet that would go below zero throws
 * `insufficient-funds`, and one whose balance would fall below its held part (savings held for
 * an open loan) throws `held-funds` unless the entry `mayUseHeld`; either rolls the caller's
 * whole transaction back.
 *
 * Balances change with one guarded UPDATE per account, in account-id order, so concurrent
 * entries lock rows in the same order and a balance is never read and written separately.
 */
export async function postEntry(
  trx: Transaction<Database>,
  entry: NewEntry,
): Promise<{ entryId: string; duplicate: boolean; balances: ReadonlyMap<string, bigint> }> {
  assertBalanced(entry);
  const inserted = await trx
    .insertInto('journal_entries')
    .values({ idempotency_key: entry.idempotencyKey, kind: entry.kind, memo: entry.memo ?? '' })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted === undefined) {
    const existing = await trx
      .selectFrom('journal_entries')
      .select(['id', 'kind'])
      .where('idempotency_key', '=', entry.idempotencyKey)
      .executeTakeFirstOrThrow();
    const postings = await trx
      .selectFrom('postings')
      .select(['account_id', 'amount'])
      .where('entry_id', '=', existing.id)
      .execute();
    // A key is a promise about one request: the same key for another movement is a bug or
    // a replay, never a reason to report the earlier movement as this one's success.
    const same =
      existing.kind === entry.kind &&
      samePostings(
        postings.map((p) => ({ accountId: p.account_id, amount: BigInt(p.amount) })),
        entry.postings,
      );
    if (!same) {
      throw new LedgerError(
        'idempotency-conflict',
        `${entry.kind}: key ${entry.idempotencyKey} already names a different entry`,
      );
    }
    return { entryId: existing.id, duplicate: true, balances: new Map() };
  }

  await trx
    .insertInto('postings')
    .values(
      entry.postings.map((p) => ({
        entry_id: inserted.id,
        account_id: p.accountId,
        amount: p.amount,
        entry_kind: entry.kind,
      })),
    )
    .execute();

  const balances = new Map<string, bigint>();
  const deltas = new Map<string, bigint>();
  for (const p of entry.postings) deltas.set(p.accountId, (deltas.get(p.accountId) ?? 0n) + p.amount);
  for (const accountId of [...deltas.keys()].sort()) {
    const amount = deltas.get(accountId) as bigint;
    if (amount === 0n) continue;
    // The change on the account's normal side: a debit grows a debit-normal account.
    const change = sql<bigint>`case when normal_side = 'debit' then ${amount}::int8 else ${-amount}::int8 end`;
    // Money in is always taken; money out may not go below zero, nor below the held part.
    const floor = entry.mayUseHeld === true ? sql`0` : sql`held`;
    const updated = await trx
      .updateTable('accounts')
      .set({ balance: sql`balance + ${change}` })
      .where('id', '=', accountId)
      .where(
        sql<boolean>`(kind <> 'wallet' or (balance + ${change} >= 0 and (${change} >= 0 or balance + ${change} >= ${floor})))`,
      )
      .returning(['id', 'balance'])
      .executeTakeFirst();
    if (updated === undefined) {
      const found = await trx
        .selectFrom('accounts')
        .select(['balance', 'held'])
        .where('id', '=', accountId)
        .executeTakeFirst();
      if (found === undefined) throw new LedgerError('unknown-account', `no account ${accountId}`, accountId);
      if (found.balance - amount >= 0n) {
        throw new LedgerError('held-funds', `account ${accountId}: ${found.held} is held for a loan`, accountId);
      }
      throw new LedgerError('insufficient-funds', `account ${accountId} has too little`, accountId);
    }
    balances.set(accountId, updated.balance);
  }
  return { entryId: inserted.id, duplicate: false, balances };
}
