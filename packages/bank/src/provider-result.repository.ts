import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, ResultSource } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** What we did with a provider's result. */
export type ResultOutcome =
  /** It settled the payment. */
  | 'applied'
  /** We already knew it: nothing moved. */
  | 'duplicate'
  /** A further success for a payment already paid (a second prompt approved): credited too, and flagged. */
  | 'extra-credit'
  /** It contradicts the payment's final state: the money went to suspense, with an alert. */
  | 'suspense'
  /** One attempt failed while another may still succeed: the payment stays open. */
  | 'attempt-failed'
  /** The provider does not know yet, or the payment is in doubt: the resolver asks again. */
  | 'pending'
  | 'in-doubt'
  /** It does not fit the payment it names (amount, phone, ids, kind): nothing moved. */
  | 'suspicious'
  /** It names no request we know: kept, and matched again when its id becomes known. */
  | 'unmatched'
  /** Was unmatched; applied again once its id became known (the later row says how). */
  | 'rematched'
  /** A body that is not the provider's documented shape: kept as it came, answered 400. */
  | 'malformed'
  /** Applying it failed (answered 500): kept as it came, for the resolver's question or an operator. */
  | 'error';

/** The outcomes an operator must look at: results that moved nothing and matched no request. */
export const UNRESOLVED_RESULT_OUTCOMES: readonly ResultOutcome[] = ['unmatched', 'malformed', 'error'];

export interface ProviderResultRecord {
  readonly source: ResultSource;
  readonly operation: string;
  readonly providerRequestId: string | undefined;
  readonly paymentId?: string | undefined;
  readonly attemptId?: string | undefined;
  readonly succeeded: boolean | undefined;
  readonly amount: bigint | undefined;
  readonly phone: string | undefined;
  readonly receipt: string | undefined;
  readonly outcome: ResultOutcome;
  readonly detail?: string | undefined;
  /** The parsed result, as JSON (bigints as strings), so an unmatched one can be applied later. */
  readonly result: unknown;
}

const json = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

export async function recordProviderResult(db: Db, record: ProviderResultRecord): Promise<bigint> {
  const row = await db
    .insertInto('provider_results')
    .values({
      source: record.source,
      operation: record.operation,
      provider_request_id: record.providerRequestId ?? null,
      payment_id: record.paymentId ?? null,
      attempt_id: record.attemptId ?? null,
      succeeded: record.succeeded ?? null,
      amount: record.amount ?? null,
      phone: record.phone ?? null,
      receipt: record.receipt ?? null,
      outcome: record.outcome,
      detail: record.detail ?? '',
      result: json(record.result),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Unmatched results that name this provider id: to apply now that the id is known. */
export async function unmatchedResultsFor(db: Db, providerRequestId: string) {
  return db
    .selectFrom('provider_results')
    .select(['id', 'operation', 'result'])
    .where('outcome', '=', 'unmatched')
    .where('provider_request_id', '=', providerRequestId)
    .orderBy('id')
    .execute();
}

/** Marks an unmatched result as handled by a later one (which recorded what it did). */
export async function markRematched(db: Db, id: bigint, laterId: bigint): Promise<void> {
  await db
    .updateTable('provider_results')
    .set({ outcome: 'rematched', detail: `applied again as result ${laterId}` })
    .where('id', '=', id)
    .execute();
}

/**
 * Serialises, for the rest of the transaction, everything done under one provider id: a result
 * looking for its request and the reply that records the request's id. Without it a result
 * could miss an id committed a moment later, and the reply miss the result kept as unmatched.
 */
export async function lockProviderId(trx: Transaction<Database>, providerRequestId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${providerRequestId}))`.execute(trx);
}

/** A kept provider result as the operator views and the reconciliation report list it. */
export interface ProviderResultLine {
  readonly id: string;
  readonly receivedAt: Date;
  readonly outcome: string;
  readonly source: string;
  readonly operation: string;
  readonly providerRequestId: string | null;
  readonly paymentId: string | null;
  readonly succeeded: boolean | null;
  readonly amount: bigint | null;
  readonly phone: string | null;
  readonly receipt: string | null;
  readonly detail: string;
}

/** Kept results with one of `outcomes`, received in [from, to), oldest or newest first. */
export async function providerResultLines(
  db: Db,
  query: { outcomes: readonly string[]; from: Date; to?: Date | undefined; newestFirst?: boolean },
): Promise<ProviderResultLine[]> {
  const direction = query.newestFirst === true ? 'desc' : 'asc';
  let select = db
    .selectFrom('provider_results')
    .selectAll()
    .where('outcome', 'in', [...query.outcomes])
    .where('received_at', '>=', query.from);
  if (query.to !== undefined) select = select.where('received_at', '<', query.to);
  const rows = await select.orderBy('received_at', direction).orderBy('id', direction).execute();
  return rows.map((row) => ({
    id: String(row.id),
    receivedAt: row.received_at,
    outcome: row.outcome,
    source: row.source,
    operation: row.operation,
    providerRequestId: row.provider_request_id,
    paymentId: row.payment_id,
    succeeded: row.succeeded,
    amount: row.amount === null ? null : BigInt(row.amount),
    phone: row.phone,
    receipt: row.receipt,
    detail: row.detail,
  }));
}

/** How many results about one attempt were kept with one of `outcomes`. */
export async function countAttemptResults(
  db: Db,
  attemptId: string,
  outcomes: readonly ResultOutcome[],
): Promise<number> {
  const row = await db
    .selectFrom('provider_results')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('attempt_id', '=', attemptId)
    .where('outcome', 'in', [...outcomes])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Whether a success with this receipt moved money for the payment through another attempt: to
 * the member or, contradicting a final state, to suspense (where an operator may clear it to the
 * member: booked twice, one receipt would reach the wallet twice).
 */
export async function receiptBookedElsewhere(
  db: Db,
  paymentId: string,
  attemptId: string,
  receipt: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('provider_results')
    .select('id')
    .where('payment_id', '=', paymentId)
    .where('attempt_id', '<>', attemptId)
    .where('receipt', '=', receipt)
    .where('succeeded', '=', true)
    .where('outcome', 'in', ['applied', 'extra-credit', 'suspense'])
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether an operator's decision settled the payment as paid. */
export async function settledByOperator(db: Db, paymentId: string): Promise<boolean> {
  const row = await db
    .selectFrom('provider_results')
    .select('id')
    .where('payment_id', '=', paymentId)
    .where('source', '=', 'operator')
    .where('succeeded', '=', true)
    .where('outcome', '=', 'applied')
    .executeTakeFirst();
  return row !== undefined;
}

/** A kept result about a payment, as the reconciliation tallies it. */
export interface PaymentResultTally {
  readonly id: string;
  readonly paymentId: string;
  readonly attemptId: string | null;
  readonly source: ResultSource;
  readonly succeeded: boolean | null;
  readonly outcome: string;
  readonly amount: bigint | null;
}

/** Every kept result about one of these payments. */
export async function resultsOfPayments(db: Db, paymentIds: readonly string[]): Promise<PaymentResultTally[]> {
  const rows = await db
    .selectFrom('provider_results')
    .select(['id', 'payment_id', 'attempt_id', 'source', 'succeeded', 'outcome', 'amount'])
    .where('payment_id', 'in', [...paymentIds])
    .execute();
  return rows.map((row) => ({
    id: String(row.id),
    paymentId: row.payment_id as string,
    attemptId: row.attempt_id,
    source: row.source,
    succeeded: row.succeeded,
    outcome: row.outcome,
    amount: row.amount,
  }));
}
