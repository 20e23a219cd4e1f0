import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { createMoneyService, type MoneyService } from './money.service.js';
import { CURRENCY, createMember, fund, GENEROUS_LIMITS, ledgerViolations } from './test-ledger-fixtures.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

let database: TestDatabase;
let db: Kysely<Database>;
let money: MoneyService;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  money = createMoneyService({ db, currency: CURRENCY, limits: { ...GENEROUS_LIMITS, dailyOutflow: 2_000_000n } });
});
afterAll(async () => {
  expect(await ledgerViolations(db)).toEqual([]);
  await database.drop();
});

const outbox = (kind: string) =>
  db.selectFrom('outbox').select(['idempotency_key', 'payload']).where('kind', '=', kind).execute();

async function pendingDeposit(amount = 50_000n) {
  const member = await createMember(db);
  const payment = await money.requestDeposit({
    memberId: member.id,
    phone: member.phone,
    amount,
    idempotencyKey: `dep:${member.id}`,
  });
  await money.recordProviderRequest(payment.id, `ws_CO_${payment.id}`);
  return { member, payment, providerRequestId: `ws_CO_${payment.id}` };
}

describe('deposits', () => {
  it('move nothing until the provider confirms, then credit the wallet exactly once', async () => {
    const { member, payment, providerRequestId } = await pendingDeposit();
    expect(await money.walletBalance(member.id)).toBe(0n);
    expect((await outbox('mobile-money.deposit')).some((m) => m.idempotency_key === `deposit:${payment.id}`)).toBe(
      true,
    );

    const result = {
      providerRequestId,
      succeeded: true,
      description: 'ok',
      amount: 50_000n,
      phone: member.phone.slice(1),
      receipt: 'QK1',
    };
    expect((await money.settleDeposit(result)).outcome).toBe('applied');
    expect((await money.settleDeposit(result)).outcome).toBe('already-applied');
    expect(await money.walletBalance(member.id)).toBe(50_000n);
    expect((await money.findPayment(payment.id))?.status).toBe('succeeded');
    const sms = await outbox('sms');
    expect(sms.filter((m) => m.idempotency_key === `sms:payment:${payment.id}:outcome`)).toHaveLength(1);
  });

  it('ignore a result that does not match the payment, and one for no payment at all', async () => {
    const { member, providerRequestId } = await pendingDeposit(50_000n);
    const forged = { providerRequestId, succeeded: true, description: 'ok', amount: 5_000_000n, phone: member.phone };
    expect((await money.settleDeposit(forged)).outcome).toBe('suspicious');
    const otherPhone = {
      providerRequestId,
      succeeded: true,
      description: 'ok',
      amount: 50_000n,
      phone: '+254700000999',
    };
    expect((await money.settleDeposit(otherPhone)).outcome).toBe('suspicious');
    expect(await money.walletBalance(member.id)).toBe(0n);
    expect((await money.settleDeposit({ providerRequestId: 'nope', succeeded: true, description: '' })).outcome).toBe(
      'unmatched',
    );
  });

  it('record a declined prompt as failed and tell the member', async () => {
    const { member, payment, providerRequestId } = await pendingDeposit();
    await money.settleDeposit({ providerRequestId, succeeded: false, description: 'Request cancelled by user' });
    expect((await money.findPayment(payment.id))?.status).toBe('failed');
    expect(await money.walletBalance(member.id)).toBe(0n);
  });

  it('refuse amounts outside the limits, and cents (mobile money moves whole shillings)', async () => {
    const member = await createMember(db);
    const request = { memberId: member.id, phone: member.phone, idempotencyKey: 'x' };
    await expect(money.requestDeposit({ ...request, amount: 50n })).rejects.toMatchObject({ code: 'below-minimum' });
    await expect(money.requestDeposit({ ...request, amount: 10_050n })).rejects.toMatchObject({
      code: 'not-whole-units',
    });
  });
});

describe('withdrawals', () => {
  async function funded(amount: bigint) {
    const member = await createMember(db);
    await fund(db, member.walletId, amount);
    return member;
  }

  it('hold the amount, then settle it to the provider on success', async () => {
    const member = await funded(100_000n);
    const { payment, balance } = await money.requestWithdrawal({
      memberId: member.id,
      phone: member.phone,
      amount: 30_000n,
      idempotencyKey: `wd:${member.id}`,
    });
    expect(balance).toBe(70_000n);
    await money.recordProviderRequest(payment.id, `AG_${payment.id}`);
    const outcome = await money.settlePayout({
      providerRequestId: `AG_${payment.id}`,
      succeeded: true,
      description: 'ok',
      amount: 30_000n,
    });
    expect(outcome.outcome).toBe('applied');
    expect(await money.walletBalance(member.id)).toBe(70_000n);
  });

  it('give the hold back when the provider fails the payout, once', async () => {
    const member = await funded(100_000n);
    const { payment } = await money.requestWithdrawal({
      memberId: member.id,
      phone: member.phone,
      amount: 30_000n,
      idempotencyKey: `wd:${member.id}`,
    });
    // Matched by our own key (Daraja echoes it as OriginatorConversationID) before the request id is stored.
    await money.beginRequest(payment.id, `wd:${member.id}`);
    const failure = {
      providerRequestId: 'AG_unknown',
      idempotencyKey: `wd:${member.id}`,
      succeeded: false,
      description: 'timeout',
    };
    expect((await money.settlePayout(failure)).outcome).toBe('applied');
    expect((await money.settlePayout(failure)).outcome).toBe('already-applied');
    expect(await money.walletBalance(member.id)).toBe(100_000n);
    expect((await money.findPayment(payment.id))?.status).toBe('failed');
  });

  it('refuse an overdraft and leave the balance as it was', async () => {
    const member = await funded(10_000n);
    await expect(
      money.requestWithdrawal({ memberId: member.id, phone: member.phone, amount: 20_000n, idempotencyKey: 'od' }),
    ).rejects.toMatchObject({ code: 'insufficient-funds' });
    expect(await money.walletBalance(member.id)).toBe(10_000n);
    expect(await db.selectFrom('payments').select('id').where('idempotency_key', '=', 'od').execute()).toEqual([]);
  });

  it('reverse the hold when the provider refuses the request outright', async () => {
    const member = await funded(50_000n);
    const { payment } = await money.requestWithdrawal({
      memberId: member.id,
      phone: member.phone,
      amount: 20_000n,
      idempotencyKey: `wd-refused:${member.id}`,
    });
    await money.failPaymentRequest(payment.id, 'invalid number');
    await money.failPaymentRequest(payment.id, 'invalid number');
    expect(await money.walletBalance(member.id)).toBe(50_000n);
  });

  it('stop at the daily limit', async () => {
    const member = await funded(5_000_000n);
    const request = { memberId: member.id, phone: member.phone };
    await money.requestWithdrawal({ ...request, amount: 1_500_000n, idempotencyKey: `d1:${member.id}` });
    await expect(
      money.requestWithdrawal({ ...request, amount: 600_000n, idempotencyKey: `d2:${member.id}` }),
    ).rejects.toMatchObject({ code: 'daily-limit' });
    expect(await money.walletBalance(member.id)).toBe(3_500_000n);
  });
});

describe('transfers', () => {
  it('move money between two wallets in one entry and tell both members', async () => {
    const a = await createMember(db, 'Amina Ali');
    const b = await createMember(db, 'Baraka Otieno');
    await fund(db, a.walletId, 10_000n);
    const result = await money.transfer({
      fromMemberId: a.id,
      toMemberId: b.id,
      amount: 2_550n,
      idempotencyKey: `t:${a.id}`,
    });
    expect(result.balance).toBe(7_450n);
    expect(await money.walletBalance(b.id)).toBe(2_550n);
    const again = await money.transfer({
      fromMemberId: a.id,
      toMemberId: b.id,
      amount: 2_550n,
      idempotencyKey: `t:${a.id}`,
    });
    expect(again.duplicate).toBe(true);
    expect(await money.walletBalance(a.id)).toBe(7_450n);
    const sms = (await outbox('sms')).filter((m) => m.idempotency_key.startsWith(`sms:${result.entryId}`));
    expect(sms.map((m) => (m.payload as { template: string }).template).sort()).toEqual([
      'transfer-received',
      'transfer-sent',
    ]);
  });

  it('refuse sending to oneself', async () => {
    const a = await createMember(db);
    await expect(
      money.transfer({ fromMemberId: a.id, toMemberId: a.id, amount: 100n, idempotencyKey: 'self' }),
    ).rejects.toMatchObject({ code: 'self-transfer' });
  });
});

describe('airtime', () => {
  it('holds the price, then keeps it on success or returns it on failure', async () => {
    const member = await createMember(db);
    await fund(db, member.walletId, 20_000n);
    const ok = await money.buyAirtime({
      memberId: member.id,
      phone: member.phone,
      amount: 5_000n,
      idempotencyKey: `a1:${member.id}`,
    });
    const ko = await money.buyAirtime({
      memberId: member.id,
      phone: '+254700000111',
      amount: 5_000n,
      idempotencyKey: `a2:${member.id}`,
    });
    expect(ko.balance).toBe(10_000n);
    await money.recordProviderRequest(ok.payment.id, `ATQid_${ok.payment.id}`);
    await money.recordProviderRequest(ko.payment.id, `ATQid_${ko.payment.id}`);
    await money.settleAirtime({ providerRequestId: `ATQid_${ok.payment.id}`, succeeded: true, description: 'Success' });
    await money.settleAirtime({ providerRequestId: `ATQid_${ko.payment.id}`, succeeded: false, description: 'Failed' });
    expect(await money.walletBalance(member.id)).toBe(15_000n);
  });
});
