import type { Kysely } from 'kysely';
import { insertWallet } from './account.repository.js';
import { createSystemAccountLookup, ensureSystemAccounts, walletIdOf } from './account-directory.js';
import type { Database } from './database.js';
import { credit, debit, postEntry } from './journal.js';
import type { MoneyLimits } from './limits.js';
import type { LoanPolicy } from './loan-policy.js';
import { insertMember } from './member.repository.js';

export const CURRENCY = 'KES';

export const GENEROUS_LIMITS: MoneyLimits = {
  deposit: { min: 100n, max: 100_000_000n },
  withdrawal: { min: 100n, max: 100_000_000n },
  transfer: { min: 1n, max: 100_000_000n },
  airtime: { min: 500n, max: 1_000_000n },
  dailyOutflow: 1_000_000_000n,
  utcOffsetMinutes: 180,
};

/** A loan product like the default one, with a fee easy to check by hand. */
export const TEST_LOAN_POLICY: LoanPolicy = {
  min: 10_000n,
  cap: 5_000_000n,
  termsDays: [30, 90],
  feeBpsPer30Days: 500,
  lateFeeBps: 1_000,
  minMembershipDays: 30,
  savingsMultiplier: 3,
  reminderDaysBefore: 3,
};

let counter = 0;

/** A registered member with an empty wallet, straight through the repositories. */
export async function createMember(db: Kysely<Database>, name = 'Test Member') {
  await ensureSystemAccounts(db, CURRENCY);
  counter += 1;
  const phone = `+2547${String(Date.now() % 1e5).padStart(5, '0')}${String(counter).padStart(3, '0')}`;
  const member = await db.transaction().execute(async (trx) => {
    const created = await insertMember(trx, { phone, fullName: name, city: 'Nairobi', language: 'en' });
    if (created === undefined) throw new Error('phone taken');
    await insertWallet(trx, created.id, CURRENCY);
    return created;
  });
  return { ...member, walletId: await walletIdOf(db, member.id) };
}

/** Puts money in a wallet as a settled deposit would. */
export async function fund(
  db: Kysely<Database>,
  walletId: string,
  amount: bigint,
  key = `fund:${walletId}:${amount}:${Math.random()}`,
) {
  const settlement = await createSystemAccountLookup(db, CURRENCY)('mobile_money_settlement');
  await db.transaction().execute((trx) =>
    postEntry(trx, {
      idempotencyKey: key,
      kind: 'deposit',
      postings: [debit(settlement, amount), credit(walletId, amount)],
    }),
  );
}

/** The ledger's invariants, checked from the tables themselves. Returns what is wrong, if anything. */
export async function ledgerViolations(db: Kysely<Database>): Promise<string[]> {
  const problems: string[] = [];
  const entries = await db
    .selectFrom('postings')
    .select(['entry_id', db.fn.sum<string>('amount').as('total')])
    .groupBy('entry_id')
    .execute();
  for (const e of entries) if (BigInt(e.total) !== 0n) problems.push(`entry ${e.entry_id} sums to ${e.total}`);
  const all = await db.selectFrom('postings').select(db.fn.sum<string>('amount').as('total')).executeTakeFirst();
  if (BigInt(all?.total ?? '0') !== 0n) problems.push(`all postings sum to ${all?.total}`);
  const accounts = await db.selectFrom('accounts').select(['id', 'kind', 'normal_side', 'balance']).execute();
  const sums = new Map(
    (
      await db
        .selectFrom('postings')
        .select(['account_id', db.fn.sum<string>('amount').as('total')])
        .groupBy('account_id')
        .execute()
    ).map((row) => [row.account_id, BigInt(row.total)]),
  );
  for (const account of accounts) {
    const raw = sums.get(account.id) ?? 0n;
    const expected = account.normal_side === 'debit' ? raw : -raw;
    if (account.balance !== expected)
      problems.push(`account ${account.id} stores ${account.balance}, postings say ${expected}`);
    if (account.kind === 'wallet' && account.balance < 0n) problems.push(`wallet ${account.id} is negative`);
  }
  const keys = await db
    .selectFrom('journal_entries')
    .select(['idempotency_key', db.fn.countAll<string>().as('n')])
    .groupBy('idempotency_key')
    .having(db.fn.countAll(), '>', 1)
    .execute();
  for (const k of keys) problems.push(`idempotency key ${k.idempotency_key} has ${k.n} entries`);
  return problems;
}
