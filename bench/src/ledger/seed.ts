/**
 * A fresh, migrated ledger database with funded member wallets, written straight through
 * Kysely the way the bank's repositories do (`insertMember`, `insertWallet`, and a settled
 * deposit as `fund()` in packages/bank/src/test-ledger-fixtures.ts), without the USSD route
 * or PIN hashing: the transfers are what is measured, not how members got there.
 */
import { type Database, type MoneyLimits, migrateToLatest } from '@sacco/bank';
import { ensureSystemAccounts, fund } from '@sacco/bank/testing';
import { type Kysely, sql } from 'kysely';

export const CURRENCY = 'KES';

/**
 * Wide enough that no transfer of the bench is refused by a limit: the limits are checked
 * (the daily-outflow query runs on every transfer, as in production), they just never bite.
 */
export const BENCH_LIMITS: MoneyLimits = {
  deposit: { min: 100n, max: 100_000_000_000n },
  withdrawal: { min: 100n, max: 100_000_000n },
  transfer: { min: 1n, max: 100_000_000n },
  airtime: { min: 500n, max: 1_000_000n },
  dailyOutflow: 1_000_000_000_000n,
  utcOffsetMinutes: 180,
};

export interface SeededMember {
  memberId: string;
  walletId: string;
  phone: string;
}

/** Migrates, creates the system accounts; the database must exist and be empty. */
export async function prepareLedger(db: Kysely<Database>): Promise<void> {
  await migrateToLatest(db);
  await ensureSystemAccounts(db, CURRENCY);
}

/** `count` members with a wallet each, phones +2547900NNNNN (not the USSD bench's range). */
export async function createMembers(db: Kysely<Database>, count: number): Promise<SeededMember[]> {
  return db.transaction().execute(async (trx) => {
    const members = await trx
      .insertInto('members')
      .values(
        Array.from({ length: count }, (_, i) => ({
          phone: `+2547900${String(i).padStart(5, '0')}`,
          full_name: `Bench Member ${i}`,
          city: 'Nairobi',
          language: 'en' as const,
        })),
      )
      .returning(['id', 'phone'])
      .execute();
    const wallets = await trx
      .insertInto('accounts')
      .values(
        members.map((m) => ({
          kind: 'wallet' as const,
          normal_side: 'credit' as const,
          member_id: m.id,
          currency: CURRENCY,
        })),
      )
      .returning(['id', 'member_id'])
      .execute();
    const walletOf = new Map(wallets.map((w) => [w.member_id, w.id]));
    return members.map((m) => ({ memberId: m.id, phone: m.phone, walletId: walletOf.get(m.id) as string }));
  });
}

/** Credits each wallet with `amount` minor units as a settled deposit: one balanced entry per wallet. */
export async function fundWallets(db: Kysely<Database>, walletIds: readonly string[], amount: bigint): Promise<void> {
  for (const walletId of walletIds) await fund(db, walletId, amount, `bench:fund:${walletId}`);
}

/** Fresh statistics after seeding, as pgbench -i does for its own tables. */
export async function analyze(db: Kysely<Database>): Promise<void> {
  await sql`vacuum analyze`.execute(db);
}
