import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { createMoneyService, type MoneyService } from './money.service.js';
import { paymentAttention, paymentsInDoubt, suspenseLedger, unmatchedResults } from './operations.js';
import { localDate, localDayWindow, reconcile } from './reconciliation.js';
import { CURRENCY, createMember, fund, GENEROUS_LIMITS, ledgerViolations } from './test-ledger-fixtures.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

let database: TestDatabase;
let db: Kysely<Database>;
let money: MoneyService;
const ids: Record<'deposit' | 'payout' | 'contradicted' | 'inDoubt', string> = {
  deposit: '',
  payout: '',
  contradicted: '',
  inDoubt: '',
};

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  money = createMoneyService({ db, currency: CURRENCY, limits: GENEROUS_LIMITS });

  // A deposit settled as it should be.
  const saver = await createMember(db, 'Saver');
  const deposit = await money.requestDeposit({
    memberId: saver.id,
    phone: saver.phone,
    amount: 50_000n,
    idempotencyKey: `dep:${saver.id}`,
  });
  await money.recordProviderRequest(deposit.id, `ws_CO_${deposit.id}`);
  await money.settleDeposit({ providerRequestId: `ws_CO_${deposit.id}`, succeeded: true, description: 'ok' });
  ids.deposit = deposit.id;

  // A payout settled as it should be.
  const spender = await createMember(db, 'Spender');
  await fund(db, spender.walletId, 100_000n);
  const { payment: payout } = await money.requestWithdrawal({
    memberId: spender.id,
    phone: spender.phone,
    amount: 20_000n,
    idempotencyKey: `wd:${spender.id}`,
  });
  await money.recordProviderRequest(payout.id, `AG_${payout.id}`);
  await money.settlePayout({ providerRequestId: `AG_${payout.id}`, succeeded: true, description: 'paid' });
  ids.payout = payout.id;

  // A deposit declined, then reported paid: the contradiction goes to suspense.
  const contradicted = await money.requestDeposit({
    memberId: saver.id,
    phone: saver.phone,
    amount: 30_000n,
    idempotencyKey: `dep2:${saver.id}`,
  });
  await money.recordProviderRequest(contradicted.id, `ws_CO_${contradicted.id}`);
  await money.settleDeposit({ providerRequestId: `ws_CO_${contradicted.id}`, succeeded: false, description: 'no' });
  expect(
    (await money.settleDeposit({ providerRequestId: `ws_CO_${contradicted.id}`, succeeded: true, description: 'ok' }))
      .outcome,
  ).toBe('suspense');
  ids.contradicted = contradicted.id;

  // A result that names no request we know.
  await money.settleDeposit({ providerRequestId: 'ws_CO_nobody', succeeded: true, description: 'ok', amount: 700n });

  // A payout whose request timed out: in doubt.
  const { payment: doubtful } = await money.requestWithdrawal({
    memberId: spender.id,
    phone: spender.phone,
    amount: 10_000n,
    idempotencyKey: `wd2:${spender.id}`,
  });
  const attempt = await money.beginRequest(doubtful.id, `payout:${doubtful.id}:{seq}`);
  if (attempt === undefined) throw new Error('no attempt');
  await money.requestInDoubt(attempt, 'timed out');
  ids.inDoubt = doubtful.id;
});
afterAll(async () => {
  expect(await ledgerViolations(db)).toEqual([]);
  await database.drop();
});

const aroundNow = () => ({ from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 3_600_000) });

describe('reconcile', () => {
  it('sets the ledger beside every provider result, and lists what does not agree', async () => {
    const report = await reconcile(db, aroundNow());
    const byId = new Map(report.payments.map((p) => [p.id, p]));

    expect(byId.get(ids.deposit)).toMatchObject({
      kind: 'deposit',
      status: 'succeeded',
      amount: 50_000n,
      ledger: { wallet: 50_000n, settlement: 50_000n, suspense: 0n, entries: 1 },
      provider: { successes: 1, failures: 0, operatorResolutions: 0 },
    });
    // Held, then paid out: the wallet gave 200.00, our cash at the provider went down by it.
    expect(byId.get(ids.payout)).toMatchObject({
      status: 'succeeded',
      ledger: { wallet: -20_000n, settlement: -20_000n, suspense: 0n, entries: 2 },
      provider: { successes: 1, failures: 0 },
    });
    expect(byId.get(ids.contradicted)).toMatchObject({
      status: 'failed',
      ledger: { wallet: 0n, settlement: 30_000n, suspense: -30_000n, entries: 1 },
      provider: { successes: 1, failures: 1 },
    });
    expect(byId.get(ids.inDoubt)).toMatchObject({ status: 'in_doubt', ledger: { wallet: -10_000n } });

    const found = report.discrepancies.map((d) => [d.kind, d.paymentId]);
    expect(found).toEqual([
      ['failed-with-provider-success', ids.contradicted],
      ['suspense-entry', ids.contradicted],
      ['unmatched-result', null],
      ['in-doubt', ids.inDoubt],
    ]);
    expect(report.counts).toMatchObject({
      payments: 4,
      succeeded: 2,
      failed: 1,
      inDoubt: 1,
      unmatched: 1,
      suspicious: 0,
      suspenseEntries: 1,
      discrepancies: 4,
    });
    expect(report.totals).toMatchObject({ succeeded: 70_000n, failed: 30_000n, open: 10_000n, suspense: -30_000n });
  });

  it('flags a success on the books that no provider confirmed', async () => {
    const member = await createMember(db, 'Ghost');
    const deposit = await money.requestDeposit({
      memberId: member.id,
      phone: member.phone,
      amount: 10_000n,
      idempotencyKey: `ghost:${member.id}`,
    });
    await db.updateTable('payments').set({ status: 'succeeded' }).where('id', '=', deposit.id).execute();
    const report = await reconcile(db, aroundNow());
    expect(report.discrepancies).toContainEqual(
      expect.objectContaining({ kind: 'succeeded-without-provider-success', paymentId: deposit.id }),
    );
    await db.updateTable('payments').set({ status: 'failed' }).where('id', '=', deposit.id).execute();
  });

  it('leaves out a day with nothing in it', async () => {
    const report = await reconcile(db, localDayWindow('2020-01-01', 180));
    expect(report.payments).toEqual([]);
    expect(report.discrepancies).toEqual([]);
  });
});

describe('the operator views', () => {
  it('list the payment in doubt, suspense, the unmatched result and the readiness counts', async () => {
    expect((await paymentsInDoubt(db)).map((p) => p.id)).toEqual([ids.inDoubt]);
    const suspense = await suspenseLedger(db);
    expect(suspense.entries.map((e) => e.amount)).toEqual([-30_000n]);
    expect(suspense.balances).toEqual([{ currency: CURRENCY, balance: -30_000n }]);
    const unmatched = await unmatchedResults(db, { since: new Date(Date.now() - 3_600_000) });
    expect(unmatched.map((r) => r.providerRequestId)).toEqual(['ws_CO_nobody']);
    expect(await paymentAttention(db)).toEqual({
      inDoubt: 1,
      needsOperator: 0,
      suspenseEntries: 1,
      unmatchedLast24h: 1,
    });
  });
});

describe('local days', () => {
  it('turn into UTC windows by the offset', () => {
    expect(localDayWindow('2026-12-01', 180)).toEqual({
      from: new Date('2026-11-30T21:00:00Z'),
      to: new Date('2026-12-01T21:00:00Z'),
    });
    expect(localDate(new Date('2026-11-30T22:00:00Z'), 180)).toBe('2026-12-01');
    expect(localDate(new Date('2026-11-30T22:00:00Z'), 180, 1)).toBe('2026-11-30');
    expect(() => localDayWindow('2026-02-30', 0)).toThrow(/not a date/);
  });
});
