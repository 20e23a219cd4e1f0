import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, LoanTable } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface Loan {
  readonly id: string;
  readonly memberId: string;
  readonly currency: string;
  readonly principal: bigint;
  readonly fee: bigint;
  readonly lateFee: bigint;
  readonly paid: bigint;
  readonly termDays: number;
  readonly status: 'open' | 'repaid';
  readonly disbursedAt: Date;
  readonly dueAt: Date;
  readonly overdueSince: Date | null;
  readonly lastReminderOn: string | null;
}

export const totalDue = (loan: Loan) => loan.principal + loan.fee + loan.lateFee;
export const outstandingOf = (loan: Loan) => totalDue(loan) - loan.paid;

function toLoan(row: Selectable<LoanTable>): Loan {
  return {
    id: row.id,
    memberId: row.member_id,
    currency: row.currency,
    principal: row.principal,
    fee: row.fee,
    lateFee: row.late_fee,
    paid: row.paid,
    termDays: row.term_days,
    status: row.status,
    disbursedAt: row.disbursed_at,
    dueAt: row.due_at,
    overdueSince: row.overdue_since,
    lastReminderOn: row.last_reminder_on,
  };
}

/** The member's open loan, locked for the rest of the transaction. */
export async function lockOpenLoan(trx: Transaction<Database>, memberId: string): Promise<Loan | undefined> {
  const row = await trx
    .selectFrom('loans')
    .selectAll()
    .where('member_id', '=', memberId)
    .where('status', '=', 'open')
    .forUpdate()
    .executeTakeFirst();
  return row === undefined ? undefined : toLoan(row);
}

export async function lockLoan(trx: Transaction<Database>, id: string): Promise<Loan | undefined> {
  const row = await trx.selectFrom('loans').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  return row === undefined ? undefined : toLoan(row);
}

export async function latestLoan(db: Db, memberId: string): Promise<Loan | undefined> {
  const row = await db
    .selectFrom('loans')
    .selectAll()
    .where('member_id', '=', memberId)
    .orderBy('disbursed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : toLoan(row);
}

export async function findLoanByKey(db: Db, idempotencyKey: string): Promise<Loan | undefined> {
  const row = await db.selectFrom('loans').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
  return row === undefined ? undefined : toLoan(row);
}

export async function insertLoan(
  trx: Transaction<Database>,
  loan: {
    memberId: string;
    currency: string;
    principal: bigint;
    fee: bigint;
    termDays: number;
    dueAt: Date;
    disbursedAt: Date;
    idempotencyKey: string;
  },
): Promise<Loan> {
  const row = await trx
    .insertInto('loans')
    .values({
      member_id: loan.memberId,
      currency: loan.currency,
      principal: loan.principal,
      fee: loan.fee,
      term_days: loan.termDays,
      due_at: loan.dueAt,
      disbursed_at: loan.disbursedAt,
      idempotency_key: loan.idempotencyKey,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toLoan(row);
}

/**
 * Adds a repayment, guarded so the loan can never be repaid beyond what is due even if two
 * repayments race; closes the loan when it is fully repaid. Undefined when it would over-repay.
 */
export async function addRepayment(trx: Transaction<Database>, loanId: string, amount: bigint, now: Date) {
  const row = await trx
    .updateTable('loans')
    .set((eb) => ({ paid: eb('paid', '+', amount) }))
    .where('id', '=', loanId)
    .where('status', '=', 'open')
    .where((eb) => eb(eb('paid', '+', amount), '<=', eb(eb('principal', '+', eb.ref('fee')), '+', eb.ref('late_fee'))))
    .returningAll()
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const loan = toLoan(row);
  if (outstandingOf(loan) === 0n) {
    await trx.updateTable('loans').set({ status: 'repaid', closed_at: now }).where('id', '=', loanId).execute();
    return { ...loan, status: 'repaid' as const };
  }
  return loan;
}

export async function hasOpenLoan(db: Db, memberId: string): Promise<boolean> {
  const open = await db
    .selectFrom('loans')
    .select('id')
    .where('member_id', '=', memberId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return open !== undefined;
}

/** Ids of the open loans due by `horizon`: the daily job's work, each then locked on its own. */
export async function openLoansDueBy(db: Db, horizon: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('loans')
    .select('id')
    .where('status', '=', 'open')
    .where('due_at', '<=', horizon)
    .execute();
  return rows.map((row) => row.id);
}

/** The local day (`YYYY-MM-DD`) a reminder went out, so it goes once per day. */
export async function markReminded(trx: Transaction<Database>, loanId: string, day: string): Promise<void> {
  await trx.updateTable('loans').set({ last_reminder_on: day }).where('id', '=', loanId).execute();
}

export async function markOverdue(
  trx: Transaction<Database>,
  loanId: string,
  at: Date,
  lateFee: bigint,
): Promise<void> {
  await trx.updateTable('loans').set({ overdue_since: at, late_fee: lateFee }).where('id', '=', loanId).execute();
}
