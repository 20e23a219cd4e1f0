import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './database.js';
import type { Posting } from './journal.js';
import { preparedAs } from './prepared-statements.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Inserts an entry unless its idempotency key is taken; its id, or undefined when it was. */
export async function insertEntry(
  trx: Transaction<Database>,
  entry: { idempotencyKey: string; kind: string; memo: string },
): Promise<string | undefined> {
  const inserted = await trx
    .insertInto('journal_entries')
    .values({ idempotency_key: entry.idempotencyKey, kind: entry.kind, memo: entry.memo })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

/** The entry written under a key, with its postings. */
export async function findEntryByKey(
  trx: Transaction<Database>,
  idempotencyKey: string,
): Promise<{ id: string; kind: string; postings: Posting[] }> {
  const existing = await trx
    .selectFrom('journal_entries')
    .select(['id', 'kind'])
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirstOrThrow();
  const postings = await trx
    .selectFrom('postings')
    .select(['account_id', 'amount'])
    .where('entry_id', '=', existing.id)
    .execute();
  return {
    id: existing.id,
    kind: existing.kind,
    postings: postings.map((p) => ({ accountId: p.account_id, amount: BigInt(p.amount) })),
  };
}

/** Whether an entry was already written under this key. */
export async function hasEntry(db: Db, idempotencyKey: string): Promise<boolean> {
  const done = await db
    .selectFrom('journal_entries')
    .select('id')
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
  return done !== undefined;
}

export async function insertPostings(
  trx: Transaction<Database>,
  entryId: string,
  entryKind: string,
  postings: readonly Posting[],
): Promise<void> {
  await trx
    .insertInto('postings')
    .values(
      postings.map((p) => ({
        entry_id: entryId,
        account_id: p.accountId,
        amount: p.amount,
        entry_kind: entryKind,
      })),
    )
    .execute();
}

/** An account's postings since `from` (postings carry their entry's kind and time): one index range. */
export async function postingsSince(
  db: Db,
  accountId: string,
  from: Date,
): Promise<{ postedAt: Date; entryKind: string; amount: bigint }[]> {
  const rows = await db
    .selectFrom('postings')
    .select(['posted_at', 'entry_kind', 'amount'])
    .where('account_id', '=', accountId)
    .where('posted_at', '>=', from)
    .execute();
  return rows.map((row) => ({ postedAt: row.posted_at, entryKind: row.entry_kind, amount: row.amount }));
}

/**
 * The sum of an account's postings written after the one the entry under `idempotencyKey` made
 * to it (posting ids follow the order of a locked account's balances); undefined when that
 * entry made none.
 */
export async function postingsAfterEntry(
  trx: Transaction<Database>,
  accountId: string,
  idempotencyKey: string,
): Promise<bigint | undefined> {
  const posting = await trx
    .selectFrom('postings')
    .innerJoin('journal_entries', 'journal_entries.id', 'postings.entry_id')
    .select('postings.id')
    .where('journal_entries.idempotency_key', '=', idempotencyKey)
    .where('postings.account_id', '=', accountId)
    .executeTakeFirst();
  if (posting === undefined) return undefined;
  const later = await trx
    .selectFrom('postings')
    .select((eb) => eb.fn.sum<string | null>('amount').as('total'))
    .where('account_id', '=', accountId)
    .where('id', '>', posting.id)
    .executeTakeFirstOrThrow();
  return BigInt(later.total ?? '0');
}

/**
 * What a wallet sent out since `since`, net of reversals (the SQL function `wallet_outflow_since`,
 * which the transfer function uses too: one definition of the outflow). Call it with the wallet
 * locked, so two movements racing for the last of the day's allowance cannot both pass.
 */
export async function outflowSince(trx: Transaction<Database>, walletId: string, since: Date): Promise<bigint> {
  const result = await sql<{
    outflow: bigint;
  }>`select wallet_outflow_since(${walletId}::uuid, ${since}::timestamptz) as outflow`.execute(trx);
  return BigInt(result.rows[0]?.outflow ?? 0n);
}

/** What `ledger_transfer` answers: the entry, whether it was a repeat, both balances after it. */
export interface TransferRow {
  readonly entry_id: string;
  readonly duplicate: boolean;
  readonly from_balance: bigint;
  readonly to_balance: bigint;
}

/**
 * One call of `ledger_transfer` (migration 2026-12-01T06-00): the whole transfer in one statement,
 * prepared once per connection where the pool opts in (PGlite ignores the marker). Its columns
 * are named, so a later version of the function that returns more keeps this statement's type.
 */
export async function callLedgerTransfer(
  db: Kysely<Database>,
  args: {
    fromMemberId: string;
    toMemberId: string;
    amount: bigint;
    idempotencyKey: string;
    currency: string;
    now: Date;
    dayStart: Date;
    dailyOutflow: bigint;
  },
): Promise<TransferRow | undefined> {
  const { rows } = await sql<TransferRow>`${sql.raw(preparedAs('ledger_transfer'))}
        select entry_id, duplicate, from_balance, to_balance from ledger_transfer(${args.fromMemberId}::uuid, ${args.toMemberId}::uuid,
          ${args.amount}::int8, ${args.idempotencyKey}::text, ${args.currency}::text, ${args.now}::timestamptz,
          ${args.dayStart}::timestamptz, ${args.dailyOutflow}::int8)`.execute(db);
  return rows[0];
}

/** A posting to a suspense account, with its entry. */
export interface SuspensePosting {
  readonly entryId: string;
  readonly at: Date;
  readonly currency: string;
  /** On suspense's normal side (debit positive): positive is money to recover. */
  readonly amount: bigint;
  readonly kind: string;
  readonly memo: string;
}

/** Every posting to a suspense account (those posted in [from, to) when given), oldest entry first. */
export async function suspensePostings(
  db: Kysely<Database>,
  window?: { from: Date; to: Date },
): Promise<SuspensePosting[]> {
  let query = db
    .selectFrom('postings as l')
    .innerJoin('accounts as a', 'a.id', 'l.account_id')
    .innerJoin('journal_entries as e', 'e.id', 'l.entry_id')
    .select(['e.id', 'e.created_at', 'e.kind', 'e.memo', 'a.currency', 'l.amount'])
    .where('a.kind', '=', 'system')
    .where('a.code', '=', 'suspense');
  if (window !== undefined) {
    query = query.where('l.posted_at', '>=', window.from).where('l.posted_at', '<', window.to);
  }
  const rows = await query.orderBy('e.created_at').orderBy('l.id').execute();
  return rows.map((row) => ({
    entryId: row.id,
    at: row.created_at,
    currency: row.currency,
    amount: BigInt(row.amount),
    kind: row.kind,
    memo: row.memo,
  }));
}

/** A posting of an entry keyed `payment:<id>:…` or `attempt:<id>:…`, with the account it moved. */
export interface PaymentPosting {
  readonly entryId: string;
  readonly key: string;
  /** The payment or attempt id the key names. */
  readonly owner: string;
  readonly amount: bigint;
  readonly accountKind: 'wallet' | 'system';
  readonly accountCode: string | null;
}

/**
 * The postings of the entries that name one of `owners` (payment or attempt ids), posted in
 * [since, until): a day's report does not take in what moved after it.
 */
export async function paymentPostings(
  db: Kysely<Database>,
  owners: readonly string[],
  since: Date,
  until: Date,
): Promise<PaymentPosting[]> {
  const owner = sql<string>`split_part(e.idempotency_key, ':', 2)`;
  const rows = await db
    .selectFrom('journal_entries as e')
    .innerJoin('postings as l', 'l.entry_id', 'e.id')
    .innerJoin('accounts as a', 'a.id', 'l.account_id')
    .select(['e.id as entryId', 'e.idempotency_key as key', 'l.amount', 'a.kind', 'a.code'])
    .select(owner.as('owner'))
    .where(sql<boolean>`split_part(e.idempotency_key, ':', 1) in ('payment', 'attempt')`)
    .where(owner, 'in', [...owners])
    // Every entry of a payment moves a system account, and none comes before its payment: one
    // index range on postings, not a scan of the whole journal.
    .where((eb) =>
      eb(
        'e.id',
        'in',
        eb
          .selectFrom('postings as s')
          .select('s.entry_id')
          .where('s.account_id', 'in', eb.selectFrom('accounts as x').select('x.id').where('x.kind', '=', 'system'))
          .where('s.posted_at', '>=', since)
          .where('s.posted_at', '<', until),
      ),
    )
    .execute();
  return rows.map((row) => ({
    entryId: row.entryId,
    key: row.key,
    owner: row.owner,
    amount: BigInt(row.amount),
    accountKind: row.kind,
    accountCode: row.code,
  }));
}

/** The sum of every posting: zero in balanced books. */
export async function postingsTotal(db: Kysely<Database>): Promise<bigint> {
  const all = await db.selectFrom('postings').select(db.fn.sum<string>('amount').as('total')).executeTakeFirst();
  return BigInt(all?.total ?? '0');
}

/** Entries whose postings do not sum to zero. */
export async function unbalancedEntries(db: Kysely<Database>): Promise<{ entry_id: string; total: string }[]> {
  return db
    .selectFrom('postings')
    .select(['entry_id', db.fn.sum<string>('amount').as('total')])
    .groupBy('entry_id')
    .having(db.fn.sum('amount'), '<>', 0)
    .execute();
}

/** Entries with fewer than two postings. */
export async function thinEntries(db: Kysely<Database>): Promise<{ id: string; n: string }[]> {
  return db
    .selectFrom('journal_entries')
    .leftJoin('postings', 'postings.entry_id', 'journal_entries.id')
    .select(['journal_entries.id', db.fn.count<string>('postings.id').as('n')])
    .groupBy('journal_entries.id')
    .having(db.fn.count('postings.id'), '<', 2)
    .execute();
}

/** Idempotency keys written on more than one entry. */
export async function repeatedKeys(db: Kysely<Database>): Promise<{ idempotency_key: string; n: string }[]> {
  return db
    .selectFrom('journal_entries')
    .select(['idempotency_key', db.fn.countAll<string>().as('n')])
    .groupBy('idempotency_key')
    .having(db.fn.countAll(), '>', 1)
    .execute();
}

/**
 * Hours whose stored outflow (`wallet_outflow_by_hour`) differs from the sum of their postings'
 * `posting_outflow`: the counter the daily limit reads, checked against what it counts.
 */
export async function outflowDrift(
  db: Kysely<Database>,
): Promise<{ account_id: string; hour: Date; stored: string; expected: string }[]> {
  const result = await sql<{ account_id: string; hour: Date; stored: string; expected: string }>`
    select coalesce(w.account_id, p.account_id) as account_id, coalesce(w.hour, p.hour) as hour,
           coalesce(w.amount, 0)::text as stored, coalesce(p.amount, 0)::text as expected
    from wallet_outflow_by_hour w
    full join (
      select account_id, outflow_hour(posted_at) as hour, sum(posting_outflow(entry_kind, amount)) as amount
      from postings group by 1, 2
    ) p on p.account_id = w.account_id and p.hour = w.hour
    where coalesce(w.amount, 0) <> coalesce(p.amount, 0)`.execute(db);
  return result.rows;
}
