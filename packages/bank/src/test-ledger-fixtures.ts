import type { Kysely } from 'kysely';
import { ensureSystemAccounts, insertWallet, walletIdOf } from './account.repository.js';
import { createSystemAccountLookup } from './account-directory.js';
import type { Database } from './database.js';
import { credit, debit, postEntry } from './journal.js';
import { auditLedger } from './ledger-audit.js';
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
  savingsHoldBps: 5_000,
  recoveryDays: 14,
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

/** Every violation of the ledger's invariants, as readable lines (none when the books are right). */
export async function ledgerViolations(db: Kysely<Database>): Promise<string[]> {
  return (await auditLedger(db)).flatMap((check) => check.violations);
}
