import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { AttemptKind, AttemptState, Database, PaymentAttemptTable } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** One request we sent a provider for a payment (see docs/ledger.md, "Payments"). */
export interface PaymentAttempt {
  readonly id: string;
  readonly paymentId: string;
  readonly kind: AttemptKind;
  readonly seq: number;
  readonly reference: string;
  readonly providerRequestId: string | null;
  readonly state: AttemptState;
  readonly detail: string | null;
  readonly sentAt: Date;
  readonly answeredAt: Date | null;
}

/** States in which the provider may still act on the request, so its result may still come. */
export const LIVE_ATTEMPT_STATES: readonly AttemptState[] = ['sending', 'accepted', 'in_doubt'];

export const isLive = (attempt: PaymentAttempt) => LIVE_ATTEMPT_STATES.includes(attempt.state);

function toAttempt(row: Selectable<PaymentAttemptTable>): PaymentAttempt {
  return {
    id: row.id,
    paymentId: row.payment_id,
    kind: row.kind,
    seq: row.seq,
    reference: row.reference,
    providerRequestId: row.provider_request_id,
    state: row.state,
    detail: row.detail,
    sentAt: row.sent_at,
    answeredAt: row.answered_at,
  };
}

/**
 * Records a request before it is sent (state `sending`), so a crash between sending and hearing
 * back leaves a row that says so. `reference` may use `{seq}`, replaced by the attempt's number.
 */
export async function startAttempt(
  db: Db,
  paymentId: string,
  kind: AttemptKind,
  reference: string,
): Promise<PaymentAttempt> {
  const row = await db
    .insertInto('payment_attempts')
    .values((eb) => ({
      payment_id: paymentId,
      kind,
      seq: eb
        .selectFrom('payment_attempts')
        .select(sql<number>`coalesce(max(seq), 0) + 1`.as('next'))
        .where('payment_id', '=', paymentId)
        .where('kind', '=', kind),
      reference,
    }))
    .returningAll()
    .executeTakeFirstOrThrow();
  if (!reference.includes('{seq}')) return toAttempt(row);
  const updated = await db
    .updateTable('payment_attempts')
    .set({ reference: reference.replace('{seq}', String(row.seq)) })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAttempt(updated);
}

/** Moves an attempt to what we now know of it; a provider id, once known, is kept. */
export async function markAttempt(
  db: Db,
  attemptId: string,
  state: AttemptState,
  facts: { providerRequestId?: string | undefined; detail?: string | undefined } = {},
): Promise<void> {
  await db
    .updateTable('payment_attempts')
    .set((eb) => ({
      state,
      provider_request_id: eb.fn.coalesce('provider_request_id', eb.val(facts.providerRequestId ?? null)),
      detail: facts.detail ?? null,
      answered_at: new Date(),
    }))
    .where('id', '=', attemptId)
    .execute();
}

export async function attemptsOf(db: Db, paymentId: string, kind?: AttemptKind): Promise<PaymentAttempt[]> {
  let query = db.selectFrom('payment_attempts').selectAll().where('payment_id', '=', paymentId);
  if (kind !== undefined) query = query.where('kind', '=', kind);
  return (await query.orderBy('kind').orderBy('seq').execute()).map(toAttempt);
}

/** Every attempt of these payments, in no particular order. */
export async function attemptsOfPayments(db: Db, paymentIds: readonly string[]): Promise<PaymentAttempt[]> {
  const rows = await db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('payment_id', 'in', [...paymentIds])
    .execute();
  return rows.map(toAttempt);
}

export async function findAttemptByProviderId(db: Db, providerRequestId: string): Promise<PaymentAttempt | undefined> {
  const row = await db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('provider_request_id', '=', providerRequestId)
    .executeTakeFirst();
  return row === undefined ? undefined : toAttempt(row);
}

export async function findAttemptById(db: Db, attemptId: string): Promise<PaymentAttempt | undefined> {
  const row = await db.selectFrom('payment_attempts').selectAll().where('id', '=', attemptId).executeTakeFirst();
  return row === undefined ? undefined : toAttempt(row);
}

export async function findAttemptByReference(
  db: Db,
  kind: AttemptKind,
  reference: string,
): Promise<PaymentAttempt | undefined> {
  const row = await db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('kind', '=', kind)
    .where('reference', '=', reference)
    .orderBy('seq', 'desc')
    .executeTakeFirst();
  return row === undefined ? undefined : toAttempt(row);
}

/**
 * Requests whose reply was lost, so we never learnt their provider id: the only attempts a
 * result naming an unknown id can belong to, found by what the result says moved. Only requests
 * known to be in doubt (or since decided by an operator), never one still `sending`: its reply
 * will name its id, and a result for it waits as unmatched until then, so a result cannot claim
 * a request merely by naming the payer and the amount while its reply is on the way.
 */
export async function idlessAttemptsFor(
  db: Db,
  match: { kinds: readonly string[]; phoneDigits: string; amount: bigint; since: Date },
): Promise<PaymentAttempt[]> {
  const rows = await db
    .selectFrom('payment_attempts as a')
    .innerJoin('payments as p', 'p.id', 'a.payment_id')
    .selectAll('a')
    .where('a.kind', '=', 'request')
    .where('a.provider_request_id', 'is', null)
    .where('a.state', 'in', ['in_doubt', 'succeeded', 'failed'])
    .where('a.sent_at', '>=', match.since)
    .where('p.kind', 'in', match.kinds as never)
    .where('p.amount', '=', match.amount)
    .where(sql<string>`regexp_replace(p.phone, '[^0-9]', '', 'g')`, '=', match.phoneDigits)
    .execute();
  return rows.map(toAttempt);
}
