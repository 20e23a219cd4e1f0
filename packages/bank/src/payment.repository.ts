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
}

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
  };
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

/** Inserts the payment, or returns the one already made with the same idempotency key. */
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
  return { payment: toPayment(existing), created: false };
}

export async function findPayment(db: Db, id: string): Promise<Payment | undefined> {
  const row = await db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toPayment(row);
}

/** Locks a payment found by the provider's request id, or by our own idempotency key. */
export async function lockPaymentForCallback(
  trx: Transaction<Database>,
  match: { providerRequestId: string; idempotencyKey?: string | undefined },
): Promise<Payment | undefined> {
  const row = await trx
    .selectFrom('payments')
    .selectAll()
    .where((eb) =>
      match.idempotencyKey === undefined
        ? eb('provider_request_id', '=', match.providerRequestId)
        : eb.or([
            eb('provider_request_id', '=', match.providerRequestId),
            eb('idempotency_key', '=', match.idempotencyKey),
          ]),
    )
    .forUpdate()
    .executeTakeFirst();
  return row === undefined ? undefined : toPayment(row);
}

export async function lockPayment(trx: Transaction<Database>, id: string): Promise<Payment | undefined> {
  const row = await trx.selectFrom('payments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  return row === undefined ? undefined : toPayment(row);
}

export async function recordProviderRequest(db: Db, paymentId: string, providerRequestId: string): Promise<void> {
  await db
    .updateTable('payments')
    .set({ provider_request_id: providerRequestId, updated_at: new Date() })
    .where('id', '=', paymentId)
    .where('provider_request_id', 'is', null)
    .execute();
}

/** Moves a pending payment to its outcome; a payment that already has one is left as it is. */
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
      updated_at: new Date(),
    })
    .where('id', '=', paymentId)
    .where('status', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}
