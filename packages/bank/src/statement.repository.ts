import type { Kysely } from 'kysely';
import { walletIdOf } from './account.repository.js';
import type { Database } from './database.js';

export interface StatementLine {
  readonly at: Date;
  /** The journal entry's kind: `deposit`, `transfer`, `payout.hold`... */
  readonly kind: string;
  /** Signed as the member sees it: money in is positive. Minor units. */
  readonly amount: bigint;
}

/** The wallet's latest movements, newest first (the mini-statement). */
/** How many movements a mini-statement shows, unless its caller asks for another number. */
export const MINI_STATEMENT_LINES = 5;

export async function recentStatement(db: Kysely<Database>, memberId: string, limit: number): Promise<StatementLine[]> {
  const wallet = await walletIdOf(db, memberId);
  const rows = await db
    .selectFrom('postings')
    .select(['posted_at as at', 'entry_kind as kind', 'amount'])
    .where('account_id', '=', wallet)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  // A wallet is credit-normal: a credit posting (negative) is money in.
  return rows.map((row) => ({ at: row.at, kind: row.kind, amount: -row.amount }));
}
