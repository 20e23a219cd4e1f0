import type { Transaction } from 'kysely';
import { findFunds, moveBalance } from './account.repository.js';
import type { Database } from './database.js';
import { findEntryByKey, insertEntry, insertPostings } from './journal.repository.js';
import { LedgerError } from './ledger-error.js';

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
  const entryId = await insertEntry(trx, {
    idempotencyKey: entry.idempotencyKey,
    kind: entry.kind,
    memo: entry.memo ?? '',
  });
  if (entryId === undefined) {
    const existing = await findEntryByKey(trx, entry.idempotencyKey);
    // A key is a promise about one request: the same key for another movement is a bug or
    // a replay, never a reason to report the earlier movement as this one's success.
    const same = existing.kind === entry.kind && samePostings(existing.postings, entry.postings);
    if (!same) {
      throw new LedgerError(
        'idempotency-conflict',
        `${entry.kind}: key ${entry.idempotencyKey} already names a different entry`,
      );
    }
    return { entryId: existing.id, duplicate: true, balances: new Map() };
  }

  await insertPostings(trx, entryId, entry.kind, entry.postings);

  const balances = new Map<string, bigint>();
  const deltas = new Map<string, bigint>();
  for (const p of entry.postings) deltas.set(p.accountId, (deltas.get(p.accountId) ?? 0n) + p.amount);
  for (const accountId of [...deltas.keys()].sort()) {
    const amount = deltas.get(accountId) as bigint;
    if (amount === 0n) continue;
    // Money in is always taken; money out may not go below zero, nor below the held part.
    const balance = await moveBalance(trx, accountId, amount, entry.mayUseHeld === true);
    if (balance === undefined) {
      const found = await findFunds(trx, accountId);
      if (found === undefined) throw new LedgerError('unknown-account', `no account ${accountId}`, accountId);
      if (found.balance - amount >= 0n) {
        throw new LedgerError('held-funds', `account ${accountId}: ${found.held} is held for a loan`, accountId);
      }
      throw new LedgerError('insufficient-funds', `account ${accountId} has too little`, accountId);
    }
    balances.set(accountId, balance);
  }
  return { entryId, duplicate: false, balances };
}
