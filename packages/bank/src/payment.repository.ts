import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Database, PaymentKind, PaymentStatus, PaymentTable } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface Payment {
  readonly id: string;
  readonly kind: PaymentKind;
  readonly status: PaymentStatus;
  readonly memberId: string;
  readonly phone: string;
  readonly amount: bigint;
  readonly currency: string;
  readonly idempotencyKey: string;
  readonly providerRequestId: string | null;
  readonly providerReceipt: string | null;
  readonly failureReason: string | null;
  readonly loanId: string | null;
  readonly nextCheckAt: Date | null;
  readonly checks: number;
  readonly doubtReason: string | null;
  readonly needsOperator: boolean;
  readonly createdAt: Date;
}

/** Open: the provider may still settle it (pending), or we cannot know and must ask (in doubt). */
export const OPEN_PAYMENT_STATUSES = ['pending', 'in_doubt'] as const;
export const isOpen = (payment: Payment) => payment.status === 'pending' || payment.status === 'in_doubt';

/** What an operator's list shows of a payment, in the order it shows it. */
export type PaymentFacts = Pick<
  Payment,
  'id' | 'kind' | 'status' | 'amount' | 'currency' | 'phone' | 'needsOperator' | 'doubtReason'
>;

export const paymentFacts = (payment: Payment): PaymentFacts => ({
  id: payment.id,
  kind: payment.kind,
  status: payment.status,
  amount: payment.amount,
  currency: payment.currency,
  phone: payment.phone,
  needsOperator: payment.needsOperator,
  doubtReason: payment.doubtReason,
});

function toPayment(row: Selectable<PaymentTable>): Payment {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    memberId: row.member_id,
    phone: row.phone,
    amount: row.amount,
    currency: row.currency,
    idempotencyKey: row.idempotency_key,
    providerRequestId: row.provider_request_id,
    providerReceipt: row.provider_receipt,
    failureReason: row.failure_reason,
    loanId: row.loan_id,
    nextCheckAt: row.next_check_at,
    checks: row.checks,
    doubtReason: row.doubt_reason,
    needsOperator: row.needs_operator,
    createdAt: row.created_at,
  };
}

/** A repeated idempotency key whose request differs from the first: never a remembered success. */
export class PaymentKeyConflictError extends Error {
  constructor(key: string) {
    super(`idempotency key ${key} was first used for another payment request`);
    this.name = 'PaymentKeyConflictError';
  }
}

export interface NewPayment {
  readonly kind: PaymentKind;
  readonly memberId: string;
  readonly phone: string;
  readonly amount: bigint;
  readonly currency: string;
  readonly idempotencyKey: string;
  readonly loanId?: string;
}

/**
 * Inserts the payment, or returns the one already made with the same idempotency key when it
 * asked for the same thing (kind, member, phone, amount, loan); a different request under the
 * same key throws PaymentKeyConflictError.
 */
export async function insertPayment(
  trx: Transaction<Database>,
  payment: NewPayment,
): Promise<{ payment: Payment; created: boolean }> {
  const row = await trx
    .insertInto('payments')
    .values({
      kind: payment.kind,
      member_id: payment.memberId,
      phone: payment.phone,
      amount: payment.amount,
      currency: payment.currency,
      idempotency_key: payment.idempotencyKey,
      loan_id: payment.loanId ?? null,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (row !== undefined) return { payment: toPayment(row), created: true };
  const existing = await trx
    .selectFrom('payments')
    .selectAll()
    .where('idempotency_key', '=', payment.idempotencyKey)
    .executeTakeFirstOrThrow();
  const same =
    existing.kind === payment.kind &&
    existing.member_id === payment.memberId &&
    existing.phone === payment.phone &&
    existing.amount === payment.amount &&
    existing.loan_id === (payment.loanId ?? null);
  if (!same) throw new PaymentKeyConflictError(payment.idempotencyKey);
  return { payment: toPayment(existing), created: false };
}

export async function findPayment(db: Db, id: string): Promise<Payment | undefined> {
  const row = await db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toPayment(row);
}

export async function lockPayment(trx: Transaction<Database>, id: string): Promise<Payment | undefined> {
  const row = await trx.selectFrom('payments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  return row === undefined ? undefined : toPayment(row);
}

/** The first provider id a payment got, kept on the payment for lists and the studio. */
export async function noteProviderRequest(db: Db, paymentId: string, providerRequestId: string): Promise<void> {
  await db
    .updateTable('payments')
    .set({ provider_request_id: providerRequestId, updated_at: new Date() })
    .where('id', '=', paymentId)
    .where('provider_request_id', 'is', null)
    .execute();
}

/** Moves an open payment to its outcome; a payment that already has one is left as it is. */
export async function settlePayment(
  trx: Transaction<Database>,
  paymentId: string,
  outcome: { status: 'succeeded' | 'failed'; receipt?: string | undefined; failureReason?: string | undefined },
): Promise<boolean> {
  const updated = await trx
    .updateTable('payments')
    .set({
      status: outcome.status,
      provider_receipt: outcome.receipt ?? null,
      failure_reason: outcome.failureReason ?? null,
      next_check_at: null,
      needs_operator: false,
      updated_at: new Date(),
    })
    .where('id', '=', paymentId)
    .where('status', 'in', OPEN_PAYMENT_STATUSES)
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}

/** We cannot know what became of an open payment: it is in doubt until the provider or an operator says. */
export async function markInDoubt(db: Db, paymentId: string, reason: string, checkAt: Date): Promise<void> {
  await db
    .updateTable('payments')
    .set({ status: 'in_doubt', doubt_reason: reason, next_check_at: checkAt, updated_at: new Date() })
    .where('id', '=', paymentId)
    .where('status', 'in', OPEN_PAYMENT_STATUSES)
    .execute();
}

/** When the resolver should next ask about an open payment (earliest wins, so no check is lost). */
export async function scheduleCheck(db: Db, paymentId: string, at: Date): Promise<void> {
  await db
    .updateTable('payments')
    .set((eb) => ({
      next_check_at: eb.fn('least', [eb.ref('next_check_at'), eb.val(at)]),
    }))
    .where('id', '=', paymentId)
    .where('status', 'in', OPEN_PAYMENT_STATUSES)
    .where('next_check_at', 'is not', null)
    .execute();
  await db
    .updateTable('payments')
    .set({ next_check_at: at })
    .where('id', '=', paymentId)
    .where('status', 'in', OPEN_PAYMENT_STATUSES)
    .where('next_check_at', 'is', null)
    .execute();
}

/** The provider can tell us nothing more: an operator must decide. The payment stays open. */
export async function flagForOperator(db: Db, paymentId: string, reason: string): Promise<void> {
  await db
    .updateTable('payments')
    .set({ needs_operator: true, doubt_reason: reason, next_check_at: null, updated_at: new Date() })
    .where('id', '=', paymentId)
    .where('status', 'in', OPEN_PAYMENT_STATUSES)
    .execute();
}

/**
 * Claims open payments whose check is due, as a lease: each one's next check moves ahead by
 * `delayMs(checks)` (the resolver's backoff), so another instance skips it, and the check is
 * counted. A result that needs a sooner look pulls the check in again (`scheduleCheck`).
 */
export async function claimDueChecks(
  db: Kysely<Database>,
  limit: number,
  delayMs: (checks: number) => number,
  now: Date,
): Promise<Payment[]> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('payments')
      .select(['id', 'checks'])
      .where('status', 'in', OPEN_PAYMENT_STATUSES)
      .where('next_check_at', '<=', now)
      .where('needs_operator', '=', false)
      .orderBy('next_check_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    const claimed: Payment[] = [];
    for (const row of due) {
      const updated = await trx
        .updateTable('payments')
        .set({ next_check_at: new Date(now.getTime() + delayMs(row.checks + 1)), checks: row.checks + 1 })
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      claimed.push(toPayment(updated));
    }
    return claimed;
  });
}

export async function findPaymentIdByKey(db: Db, idempotencyKey: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('payments')
    .select('id')
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
  return row?.id;
}

/** A payment whose prompt does not exist goes back to pending, its next check after the new prompt's window. */
export async function reopenForPrompt(
  trx: Transaction<Database>,
  paymentId: string,
  nextCheckAt: Date,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('payments')
    .set({ status: 'pending', next_check_at: nextCheckAt, updated_at: now })
    .where('id', '=', paymentId)
    .execute();
}

/** The audit row of an operator's decision on a payment. */
export async function insertResolution(
  trx: Transaction<Database>,
  resolution: {
    paymentId: string;
    actor: string;
    reason: string;
    fromStatus: PaymentStatus;
    toStatus: 'succeeded' | 'failed';
    receipt: string | null;
  },
): Promise<void> {
  await trx
    .insertInto('payment_resolutions')
    .values({
      payment_id: resolution.paymentId,
      actor: resolution.actor,
      reason: resolution.reason,
      from_status: resolution.fromStatus,
      to_status: resolution.toStatus,
      receipt: resolution.receipt,
    })
    .execute();
}

/** How many operator decisions each of these payments had. */
export async function resolutionCounts(db: Db, paymentIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('payment_resolutions')
    .select(['payment_id', sql<number>`count(*)::int`.as('n')])
    .where('payment_id', 'in', [...paymentIds])
    .groupBy('payment_id')
    .execute();
  return new Map(rows.map((row) => [row.payment_id, Number(row.n)]));
}

/** Open payments that are in doubt or wait for an operator, oldest first. */
export async function paymentsNeedingHands(db: Db): Promise<Payment[]> {
  const rows = await db
    .selectFrom('payments')
    .selectAll()
    .where('status', 'in', OPEN_PAYMENT_STATUSES)
    .where((eb) => eb.or([eb('status', '=', 'in_doubt'), eb('needs_operator', '=', true)]))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toPayment);
}

/**
 * Payments created, updated, given a provider result, an operator decision or a suspense clearing
 * in [from, to), and every payment still open at `to`; oldest first, each with when it last changed.
 */
export async function paymentsTouchedIn(
  db: Db,
  window: { from: Date; to: Date },
): Promise<{ payment: Payment; updatedAt: Date }[]> {
  const { from, to } = window;
  const inWindow = (column: string) => sql<boolean>`(${sql.ref(column)} >= ${from} and ${sql.ref(column)} < ${to})`;
  const rows = await db
    .selectFrom('payments as p')
    .selectAll('p')
    .where((eb) =>
      eb.or([
        inWindow('p.created_at'),
        inWindow('p.updated_at'),
        eb.and([eb('p.status', 'in', OPEN_PAYMENT_STATUSES), eb('p.created_at', '<', to)]),
        eb(
          'p.id',
          'in',
          eb.selectFrom('provider_results as r').select('r.payment_id').where(inWindow('r.received_at')).$narrowType<{
            payment_id: string;
          }>(),
        ),
        eb(
          'p.id',
          'in',
          eb.selectFrom('payment_resolutions as o').select('o.payment_id').where(inWindow('o.resolved_at')),
        ),
        eb(
          'p.id',
          'in',
          eb.selectFrom('suspense_clearances as c').select('c.payment_id').where(inWindow('c.cleared_at')),
        ),
      ]),
    )
    .orderBy('p.created_at')
    .orderBy('p.id')
    .execute();
  return rows.map((row) => ({ payment: toPayment(row), updatedAt: row.updated_at }));
}

/** What needs a person now, counted: the numbers `/readyz` reports. */
export interface PaymentAttention {
  readonly inDoubt: number;
  readonly needsOperator: number;
  /** Entries to suspense that no operator has cleared yet. */
  readonly suspenseEntries: number;
  readonly unmatchedLast24h: number;
}

/** The counts of `PaymentAttention`, in one query on indexed columns. */
export async function countPaymentAttention(db: Kysely<Database>, dayAgo: Date): Promise<PaymentAttention> {
  const { rows } = await sql<{
    in_doubt: number;
    needs_operator: number;
    suspense_entries: number;
    unmatched: number;
  }>`select
      (select count(*)::int from payments where status = 'in_doubt') as in_doubt,
      (select count(*)::int from payments where status in ('pending', 'in_doubt') and needs_operator) as needs_operator,
      (select count(*)::int from postings p where account_id in
        (select id from accounts where kind = 'system' and code = 'suspense')
        and not exists (select 1 from suspense_clearances c
          where c.entry_id = p.entry_id or c.clearing_entry_id = p.entry_id)) as suspense_entries,
      (select count(*)::int from provider_results where outcome = 'unmatched' and received_at >= ${dayAgo}) as unmatched`.execute(
    db,
  );
  const row = rows[0];
  return {
    inDoubt: Number(row?.in_doubt ?? 0),
    needsOperator: Number(row?.needs_operator ?? 0),
    suspenseEntries: Number(row?.suspense_entries ?? 0),
    unmatchedLast24h: Number(row?.unmatched ?? 0),
  };
}
