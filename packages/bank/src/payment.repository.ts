import type { Kysely, Selectable, Transaction } from 'kysely';
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
