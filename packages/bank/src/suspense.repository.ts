import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Database, SuspenseClearanceTable, SuspenseClearedTo } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A journal entry that posted to suspense, as clearing it needs it. */
export interface SuspenseEntry {
  readonly entryId: string;
  readonly idempotencyKey: string;
  readonly kind: string;
  readonly suspenseAccountId: string;
  readonly currency: string;
  /** On suspense's normal side (debit positive): positive is money to recover, negative is owed. */
  readonly amount: bigint;
}

/**
 * The entry and its suspense posting, the entry's row locked for the rest of the transaction:
 * two operators clearing the same entry at once take turns. Undefined when there is no such
 * entry or it did not post to suspense.
 */
export async function lockSuspenseEntry(
  trx: Transaction<Database>,
  entryId: string,
): Promise<SuspenseEntry | undefined> {
  const entry = await trx
    .selectFrom('journal_entries')
    .select(['id', 'idempotency_key', 'kind'])
    .where('id', '=', entryId)
    .forUpdate()
    .executeTakeFirst();
  if (entry === undefined) return undefined;
  const posting = await trx
    .selectFrom('postings as l')
    .innerJoin('accounts as a', 'a.id', 'l.account_id')
    .select(['a.id', 'a.currency', 'l.amount'])
    .where('l.entry_id', '=', entryId)
    .where('a.kind', '=', 'system')
    .where('a.code', '=', 'suspense')
    .executeTakeFirst();
  if (posting === undefined) return undefined;
  return {
    entryId: entry.id,
    idempotencyKey: entry.idempotency_key,
    kind: entry.kind,
    suspenseAccountId: posting.id,
    currency: posting.currency,
    amount: BigInt(posting.amount),
  };
}

/** An operator's clearing of one suspense entry. */
export interface SuspenseClearance {
  readonly entryId: string;
  readonly paymentId: string;
  readonly clearingEntryId: string;
  readonly clearedTo: SuspenseClearedTo;
  readonly actor: string;
  readonly reason: string;
  readonly clearedAt: Date;
}

const CLEARANCE_COLUMNS = [
  'entry_id',
  'payment_id',
  'clearing_entry_id',
  'cleared_to',
  'actor',
  'reason',
  'cleared_at',
] as const;

function toClearance(row: Selectable<SuspenseClearanceTable>): SuspenseClearance {
  return {
    entryId: row.entry_id,
    paymentId: row.payment_id,
    clearingEntryId: row.clearing_entry_id,
    clearedTo: row.cleared_to,
    actor: row.actor,
    reason: row.reason,
    clearedAt: row.cleared_at,
  };
}

/** The clearing of an entry, or of the entry that cleared another (so it is not cleared in turn). */
export async function findClearanceTouching(db: Db, entryId: string): Promise<SuspenseClearance | undefined> {
  const row = await db
    .selectFrom('suspense_clearances')
    .select(CLEARANCE_COLUMNS)
    .where((eb) => eb.or([eb('entry_id', '=', entryId), eb('clearing_entry_id', '=', entryId)]))
    .executeTakeFirst();
  return row === undefined ? undefined : toClearance(row);
}

export async function insertClearance(
  trx: Transaction<Database>,
  clearance: Omit<SuspenseClearance, 'clearedAt'>,
): Promise<SuspenseClearance> {
  const row = await trx
    .insertInto('suspense_clearances')
    .values({
      entry_id: clearance.entryId,
      payment_id: clearance.paymentId,
      clearing_entry_id: clearance.clearingEntryId,
      cleared_to: clearance.clearedTo,
      actor: clearance.actor,
      reason: clearance.reason,
    })
    .returning(CLEARANCE_COLUMNS)
    .executeTakeFirstOrThrow();
  return toClearance(row);
}

/** Every clearing, by the entry it cleared and by its own entry. */
export async function clearancesByEntry(db: Db): Promise<Map<string, SuspenseClearance>> {
  const rows = await db.selectFrom('suspense_clearances').select(CLEARANCE_COLUMNS).execute();
  const byEntry = new Map<string, SuspenseClearance>();
  for (const row of rows) {
    const clearance = toClearance(row);
    byEntry.set(clearance.entryId, clearance);
    byEntry.set(clearance.clearingEntryId, clearance);
  }
  return byEntry;
}

/**
 * A payment's contradictions still in suspense, uncleared: the entries keyed
 * `attempt:<id>:suspense:<n>` of its attempts, with their suspense postings (debit positive).
 */
export async function openSuspenseEntriesOfPayment(
  db: Db,
  paymentId: string,
): Promise<{ entryId: string; amount: bigint }[]> {
  // From the suspense account's few postings (by its index), not from the whole journal.
  const rows = await db
    .selectFrom('postings as l')
    .innerJoin('accounts as s', 's.id', 'l.account_id')
    .innerJoin('journal_entries as e', 'e.id', 'l.entry_id')
    .select(['e.id', 'l.amount'])
    .where('s.kind', '=', 'system')
    .where('s.code', '=', 'suspense')
    .where('e.kind', '=', 'suspense')
    .where(
      sql<string>`split_part(e.idempotency_key, ':', 2)`,
      'in',
      db
        .selectFrom('payment_attempts as a')
        .select(sql<string>`a.id::text`.as('id'))
        .where('a.payment_id', '=', paymentId),
    )
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom('suspense_clearances as c').select('c.entry_id').whereRef('c.entry_id', '=', 'e.id')),
      ),
    )
    .execute();
  return rows.map((row) => ({ entryId: row.id, amount: BigInt(row.amount) }));
}
