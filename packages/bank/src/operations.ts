import { type Kysely, sql } from 'kysely';
import type { Database, PaymentKind, PaymentStatus } from './database.js';
import {
  type ProviderResultLine,
  providerResultLines,
  UNRESOLVED_RESULT_OUTCOMES,
} from './provider-result.repository.js';

// What an operator looks at: open payments that need a hand, money in suspense, results that
// matched nothing. Read-only; decisions go through `money.resolveByOperator`.

export interface PaymentInDoubt {
  readonly id: string;
  readonly kind: PaymentKind;
  readonly status: PaymentStatus;
  readonly amount: bigint;
  readonly currency: string;
  readonly phone: string;
  readonly needsOperator: boolean;
  readonly doubtReason: string | null;
  readonly checks: number;
  readonly createdAt: Date;
}

/** Open payments that are in doubt or wait for an operator, oldest first. */
export async function paymentsInDoubt(db: Kysely<Database>): Promise<PaymentInDoubt[]> {
  const rows = await db
    .selectFrom('payments')
    .select([
      'id',
      'kind',
      'status',
      'amount',
      'currency',
      'phone',
      'needs_operator',
      'doubt_reason',
      'checks',
      'created_at',
    ])
    .where('status', 'in', ['pending', 'in_doubt'])
    .where((eb) => eb.or([eb('status', '=', 'in_doubt'), eb('needs_operator', '=', true)]))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    status: row.status,
    amount: BigInt(row.amount),
    currency: row.currency,
    phone: row.phone,
    needsOperator: row.needs_operator,
    doubtReason: row.doubt_reason,
    checks: row.checks,
    createdAt: row.created_at,
  }));
}

export interface SuspenseLine {
  readonly entryId: string;
  readonly at: Date;
  readonly currency: string;
  /** On suspense's normal side (debit positive): positive is money to recover. */
  readonly amount: bigint;
  readonly kind: string;
  readonly memo: string;
}

/** Every journal entry that posted to a suspense account, oldest first, and each suspense balance. */
export async function suspenseLedger(
  db: Kysely<Database>,
): Promise<{ entries: SuspenseLine[]; balances: { currency: string; balance: bigint }[] }> {
  const entries = await db
    .selectFrom('postings as l')
    .innerJoin('accounts as a', 'a.id', 'l.account_id')
    .innerJoin('journal_entries as e', 'e.id', 'l.entry_id')
    .select(['e.id', 'e.created_at', 'e.kind', 'e.memo', 'a.currency', 'l.amount'])
    .where('a.kind', '=', 'system')
    .where('a.code', '=', 'suspense')
    .orderBy('e.created_at')
    .orderBy('l.id')
    .execute();
  const balances = await db
    .selectFrom('accounts')
    .select(['currency', 'balance'])
    .where('kind', '=', 'system')
    .where('code', '=', 'suspense')
    .orderBy('currency')
    .execute();
  return {
    entries: entries.map((row) => ({
      entryId: row.id,
      at: row.created_at,
      currency: row.currency,
      amount: BigInt(row.amount),
      kind: row.kind,
      memo: row.memo,
    })),
    balances: balances.map((row) => ({ currency: row.currency, balance: BigInt(row.balance) })),
  };
}

export type UnmatchedResult = ProviderResultLine;

/**
 * Provider results that moved nothing and matched no request (unmatched, malformed, failed to
 * apply), and if asked those that did not fit their payment, newest first.
 */
export function unmatchedResults(
  db: Kysely<Database>,
  options: { since: Date; suspicious?: boolean },
): Promise<UnmatchedResult[]> {
  const outcomes = [...UNRESOLVED_RESULT_OUTCOMES, ...(options.suspicious === true ? ['suspicious'] : [])];
  return providerResultLines(db, { outcomes, from: options.since, newestFirst: true });
}

export interface PaymentAttention {
  readonly inDoubt: number;
  readonly needsOperator: number;
  readonly suspenseEntries: number;
  readonly unmatchedLast24h: number;
}

/** The counts `/readyz` reports, in one query on indexed columns. */
export async function paymentAttention(db: Kysely<Database>, now = new Date()): Promise<PaymentAttention> {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const { rows } = await sql<{
    in_doubt: number;
    needs_operator: number;
    suspense_entries: number;
    unmatched: number;
  }>`select
      (select count(*)::int from payments where status = 'in_doubt') as in_doubt,
      (select count(*)::int from payments where status in ('pending', 'in_doubt') and needs_operator) as needs_operator,
      (select count(*)::int from postings where account_id in
        (select id from accounts where kind = 'system' and code = 'suspense')) as suspense_entries,
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
