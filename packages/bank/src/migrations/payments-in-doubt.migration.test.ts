import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMoneyService } from '../money.service.js';
import { CURRENCY, createMember, GENEROUS_LIMITS } from '../test-ledger-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { migrations } from './index.js';

// Upgrading a database with payments in flight: they keep matching their results and are checked.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
  const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
  const before = await migrator.migrateTo('2026-11-28T09-00-postings-by-day');
  if (before.error !== undefined) throw before.error;
});
afterAll(() => database.drop());

async function pendingPayment(kind: 'deposit' | 'payout', providerRequestId: string | null, outboxAttempts: number) {
  const member = await createMember(database.db);
  const key = `old:${member.id}`;
  const row = await database.db
    .insertInto('payments')
    .values({
      kind,
      member_id: member.id,
      phone: member.phone,
      amount: 25_000n,
      currency: CURRENCY,
      idempotency_key: key,
      provider_request_id: providerRequestId,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  await database.db
    .insertInto('outbox')
    .values({
      kind: kind === 'deposit' ? 'mobile-money.deposit' : 'mobile-money.payout',
      payload: JSON.stringify({ paymentId: row.id }),
      idempotency_key: `${kind}:${row.id}`,
      attempts: outboxAttempts,
      status: outboxAttempts > 0 ? 'done' : 'pending',
    } as never)
    .execute();
  return { member, id: row.id };
}

describe('the payments-in-doubt migration', () => {
  it('gives payments open at the upgrade the attempts they made, and a check', async () => {
    const accepted = await pendingPayment('deposit', 'ws_OLD_1', 1);
    const lost = await pendingPayment('payout', null, 2);
    const waiting = await pendingPayment('deposit', null, 0);
    const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
    const after = await migrator.migrateToLatest();
    if (after.error !== undefined) throw after.error;

    const attempts = await database.db.selectFrom('payment_attempts').selectAll().execute();
    expect(attempts.find((a) => a.payment_id === accepted.id)).toMatchObject({
      state: 'accepted',
      provider_request_id: 'ws_OLD_1',
    });
    expect(attempts.find((a) => a.payment_id === lost.id)).toMatchObject({ state: 'in_doubt' });
    expect(attempts.some((a) => a.payment_id === waiting.id)).toBe(false);
    const payments = await database.db.selectFrom('payments').select(['id', 'status', 'next_check_at']).execute();
    expect(payments.find((p) => p.id === lost.id)?.status).toBe('in_doubt');
    expect(payments.every((p) => p.next_check_at !== null)).toBe(true);

    // The callback of the payment sent before the upgrade still credits it, once.
    const money = createMoneyService({ db: database.db, currency: CURRENCY, limits: GENEROUS_LIMITS });
    const result = {
      providerRequestId: 'ws_OLD_1',
      succeeded: true,
      description: 'ok',
      amount: 25_000n,
      phone: accepted.member.phone,
      receipt: 'RKXOLD0001',
    };
    expect((await money.settleDeposit(result)).outcome).toBe('applied');
    expect(await money.walletBalance(accepted.member.id)).toBe(25_000n);
  });
});
