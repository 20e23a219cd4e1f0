import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSystemAccountLookup } from './account-directory.js';
import type { Database } from './database.js';
import { credit, debit, postEntry } from './journal.js';
import { LedgerError } from './ledger-error.js';
import { CURRENCY, createMember, fund, ledgerViolations } from './test-ledger-fixtures.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

let database: TestDatabase;
let db: Kysely<Database>;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database.drop());

const balanceOf = async (id: string) =>
  (await db.selectFrom('accounts').select('balance').where('id', '=', id).executeTakeFirstOrThrow()).balance;

describe('postEntry', () => {
  it('moves balances on their normal sides and keeps every invariant', async () => {
    const a = await createMember(db);
    await fund(db, a.walletId, 50_000n);
    const settlement = await createSystemAccountLookup(db, CURRENCY)('mobile_money_settlement');
    expect(await balanceOf(a.walletId)).toBe(50_000n);
    expect(await balanceOf(settlement)).toBeGreaterThanOrEqual(50_000n);
    expect(await ledgerViolations(db)).toEqual([]);
  });

  it('refuses an entry whose postings do not sum to zero', async () => {
    const a = await createMember(db);
    const b = await createMember(db);
    await expect(
      db.transaction().execute((trx) =>
        postEntry(trx, {
          idempotencyKey: 'bad-1',
          kind: 'transfer',
          postings: [debit(a.walletId, 5n), credit(b.walletId, 4n)],
        }),
      ),
    ).rejects.toThrow(LedgerError);
    await expect(
      db
        .transaction()
        .execute((trx) =>
          postEntry(trx, { idempotencyKey: 'bad-2', kind: 'transfer', postings: [debit(a.walletId, 5n)] }),
        ),
    ).rejects.toThrow(/fewer than two/);
  });

  it('is refused by the database too, at commit, when postings are written around it', async () => {
    const a = await createMember(db);
    await expect(
      db.transaction().execute(async (trx) => {
        const entry = await trx
          .insertInto('journal_entries')
          .values({ idempotency_key: 'raw-1', kind: 'raw' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('postings')
          .values({ entry_id: entry.id, account_id: a.walletId, amount: 10n, entry_kind: 'raw' })
          .execute();
      }),
    ).rejects.toThrow(/does not balance/);
    expect(
      await db.selectFrom('journal_entries').select('id').where('idempotency_key', '=', 'raw-1').execute(),
    ).toEqual([]);
  });

  it('writes an idempotency key once: a retry returns the first entry and moves nothing', async () => {
    const a = await createMember(db);
    const b = await createMember(db);
    await fund(db, a.walletId, 10_000n);
    const entry = {
      idempotencyKey: 'transfer-once',
      kind: 'transfer',
      postings: [debit(a.walletId, 2_500n), credit(b.walletId, 2_500n)],
    };
    const first = await db.transaction().execute((trx) => postEntry(trx, entry));
    const second = await db.transaction().execute((trx) => postEntry(trx, entry));
    expect(second).toMatchObject({ entryId: first.entryId, duplicate: true });
    expect(second.balances.size).toBe(0);
    expect(await balanceOf(a.walletId)).toBe(7_500n);
    expect(await balanceOf(b.walletId)).toBe(2_500n);
  });

  it('refuses a repeated key for another request, and never reports the first entry as its success', async () => {
    const a = await createMember(db);
    const b = await createMember(db);
    const c = await createMember(db);
    await fund(db, a.walletId, 10_000n);
    await fund(db, b.walletId, 10_000n);
    const first = {
      idempotencyKey: 'transfer-reused',
      kind: 'transfer',
      postings: [debit(a.walletId, 300n), credit(c.walletId, 300n)],
    };
    await db.transaction().execute((trx) => postEntry(trx, first));
    const conflicts = [
      { ...first, postings: [debit(b.walletId, 300n), credit(c.walletId, 300n)] },
      { ...first, postings: [debit(a.walletId, 301n), credit(c.walletId, 301n)] },
      { ...first, kind: 'airtime' },
    ];
    for (const entry of conflicts) {
      const attempt = db.transaction().execute((trx) => postEntry(trx, entry));
      await expect(attempt).rejects.toMatchObject({ code: 'idempotency-conflict' });
      await expect(attempt).rejects.toBeInstanceOf(LedgerError);
    }
    // The same request in another order of postings is the same request.
    const again = await db
      .transaction()
      .execute((trx) => postEntry(trx, { ...first, postings: [...first.postings].reverse() }));
    expect(again.duplicate).toBe(true);
    expect(await balanceOf(a.walletId)).toBe(9_700n);
    expect(await balanceOf(b.walletId)).toBe(10_000n);
    expect(await balanceOf(c.walletId)).toBe(300n);
  });

  it('never lets a wallet go below zero, and then moves nothing at all', async () => {
    const a = await createMember(db);
    const b = await createMember(db);
    await fund(db, a.walletId, 1_000n);
    await expect(
      db.transaction().execute((trx) =>
        postEntry(trx, {
          idempotencyKey: 'overdraft',
          kind: 'transfer',
          postings: [debit(a.walletId, 1_001n), credit(b.walletId, 1_001n)],
        }),
      ),
    ).rejects.toMatchObject({ code: 'insufficient-funds' });
    expect(await balanceOf(a.walletId)).toBe(1_000n);
    expect(await balanceOf(b.walletId)).toBe(0n);
    expect(
      await db.selectFrom('journal_entries').select('id').where('idempotency_key', '=', 'overdraft').execute(),
    ).toEqual([]);
  });

  it('returns int8 as bigint, never through a float', async () => {
    const a = await createMember(db);
    const huge = 9_007_199_254_740_993n;
    await fund(db, a.walletId, huge);
    expect(await balanceOf(a.walletId)).toBe(huge);
    const row = await sql<{ balance: bigint }>`select balance from accounts where id = ${a.walletId}`.execute(db);
    expect(typeof row.rows[0]?.balance).toBe('bigint');
  });
});
