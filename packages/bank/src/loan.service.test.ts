import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { createLoanService } from './loan.service.js';
import { createMoneyService } from './money.service.js';
import {
  CURRENCY,
  createMember,
  fund,
  GENEROUS_LIMITS,
  ledgerViolations,
  TEST_LOAN_POLICY,
} from './test-ledger-fixtures.js';
import { backdateEntries, createTestDatabase, type TestDatabase } from './testing.js';

const policy = TEST_LOAN_POLICY;

let database: TestDatabase;
let db: Kysely<Database>;
let clock = new Date();
const now = () => clock;
const DAY = 86_400_000;

function services() {
  const loans = createLoanService({ db, currency: CURRENCY, policy, utcOffsetMinutes: 180, now });
  const money = createMoneyService({
    db,
    currency: CURRENCY,
    limits: GENEROUS_LIMITS,
    now,
    settleLoanRepayment: loans.settleMobileRepayment,
  });
  return { loans, money };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => {
  expect(await ledgerViolations(db)).toEqual([]);
  await database.drop();
});

/** A member who joined `days` ago and has held `savings` since then. */
async function saver(savings: bigint, days = 60) {
  const member = await createMember(db);
  if (savings > 0n) await fund(db, member.walletId, savings, `fund:${member.id}`);
  const then = new Date(clock.getTime() - days * DAY);
  await db.updateTable('members').set({ created_at: then }).where('id', '=', member.id).execute();
  await backdateEntries(db, { idempotencyKey: `fund:${member.id}` }, then);
  return member;
}

const outstandingSms = () =>
  db.selectFrom('outbox').select(['idempotency_key', 'payload']).where('kind', '=', 'sms').execute();

describe('loan offers', () => {
  it('offer three times the average savings of the last 30 days, capped', async () => {
    const { loans } = services();
    const member = await saver(20_000n);
    expect(await loans.offer(member.id)).toEqual({ eligible: true, limit: 60_000n });
    const rich = await saver(10_000_000n);
    expect(await loans.offer(rich.id)).toEqual({ eligible: true, limit: 5_000_000n });
  });

  it('refuse members who joined too recently, who have no savings, or who already owe', async () => {
    const { loans } = services();
    expect((await loans.offer((await saver(20_000n, 10)).id)).eligible).toBe(false);
    expect(await loans.offer((await saver(0n)).id)).toMatchObject({ eligible: false, reason: 'no-savings' });
    const borrower = await saver(20_000n);
    await loans.apply({ memberId: borrower.id, principal: 30_000n, termDays: 30, idempotencyKey: `l:${borrower.id}` });
    expect(await loans.offer(borrower.id)).toMatchObject({ eligible: false, reason: 'open-loan' });
  });

  it('count savings that arrived mid-window only for the time they were there', async () => {
    const { loans } = services();
    const member = await saver(0n);
    await fund(db, member.walletId, 60_000n, `late:${member.id}`);
    await backdateEntries(db, { idempotencyKey: `late:${member.id}` }, new Date(clock.getTime() - 10 * DAY));
    // 600 held for 10 of 30 days: an average of 200, a limit of 600.
    expect(await loans.offer(member.id)).toEqual({ eligible: true, limit: 60_000n });
  });
});

describe('a loan', () => {
  it('is disbursed into the wallet in one entry with its fee, once per key', async () => {
    const { loans, money } = services();
    const member = await saver(50_000n);
    const request = { memberId: member.id, principal: 100_000n, termDays: 90, idempotencyKey: `apply:${member.id}` };
    const loan = await loans.apply(request);
    expect(await loans.apply(request)).toMatchObject({ id: loan.id });
    expect(loan).toMatchObject({ principal: 100_000n, fee: 15_000n, paid: 0n, status: 'open', termDays: 90 });
    expect(await money.walletBalance(member.id)).toBe(150_000n);
    const status = await loans.status(member.id);
    expect(status).toMatchObject({ outstanding: 115_000n, overdue: false });
    await expect(loans.apply({ ...request, idempotencyKey: `again:${member.id}` })).rejects.toMatchObject({
      code: 'open-loan',
    });
  });

  it('refuses more than the limit', async () => {
    const { loans } = services();
    const member = await saver(10_000n);
    await expect(
      loans.apply({ memberId: member.id, principal: 40_000n, termDays: 30, idempotencyKey: `big:${member.id}` }),
    ).rejects.toMatchObject({ code: 'above-maximum' });
  });

  it('is repaid from the wallet partly, then fully, which closes it', async () => {
    const { loans, money } = services();
    const member = await saver(50_000n);
    await loans.apply({ memberId: member.id, principal: 100_000n, termDays: 30, idempotencyKey: `a:${member.id}` });
    await loans.repayFromWallet({ memberId: member.id, amount: 40_000n, idempotencyKey: `r1:${member.id}` });
    await loans.repayFromWallet({ memberId: member.id, amount: 40_000n, idempotencyKey: `r1:${member.id}` });
    expect(await loans.status(member.id)).toMatchObject({ paid: 40_000n, outstanding: 65_000n, status: 'open' });
    await expect(
      loans.repayFromWallet({ memberId: member.id, amount: 65_001n, idempotencyKey: `r2:${member.id}` }),
    ).rejects.toMatchObject({ code: 'above-outstanding' });
    await loans.repayFromWallet({ memberId: member.id, amount: 65_000n, idempotencyKey: `r3:${member.id}` });
    expect(await loans.status(member.id)).toMatchObject({ outstanding: 0n, status: 'repaid' });
    expect(await money.walletBalance(member.id)).toBe(45_000n);
    expect((await loans.offer(member.id)).eligible).toBe(true);
  });

  it('is never over-repaid by repayments racing each other', async () => {
    const { loans } = services();
    const member = await saver(500_000n);
    await loans.apply({ memberId: member.id, principal: 100_000n, termDays: 30, idempotencyKey: `race:${member.id}` });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        loans.repayFromWallet({ memberId: member.id, amount: 30_000n, idempotencyKey: `race:${member.id}:${i}` }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(await loans.status(member.id)).toMatchObject({ paid: 90_000n, outstanding: 15_000n });
  });

  it('is repaid by mobile money when the provider confirms, with any surplus going to the wallet', async () => {
    const { loans, money } = services();
    const member = await saver(50_000n);
    await loans.apply({ memberId: member.id, principal: 20_000n, termDays: 30, idempotencyKey: `m:${member.id}` });
    await loans.requestMobileRepayment({
      memberId: member.id,
      phone: member.phone,
      amount: 20_000n,
      idempotencyKey: `mm1:${member.id}`,
    });
    await loans.requestMobileRepayment({
      memberId: member.id,
      phone: member.phone,
      amount: 10_000n,
      idempotencyKey: `mm2:${member.id}`,
    });
    const payments = await db
      .selectFrom('payments')
      .select(['id', 'amount'])
      .where('member_id', '=', member.id)
      .orderBy('amount', 'desc')
      .execute();
    for (const p of payments) await money.recordProviderRequest(p.id, `ws_${p.id}`);
    for (const p of payments) {
      const result = {
        providerRequestId: `ws_${p.id}`,
        succeeded: true,
        description: 'ok',
        amount: p.amount,
        phone: member.phone,
      };
      expect((await money.settleDeposit(result)).outcome).toBe('applied');
      expect((await money.settleDeposit(result)).outcome).toBe('already-applied');
    }
    // 210 owed: 200 then 10 repay it, and the last 90 of the second payment lands in the wallet.
    expect(await loans.status(member.id)).toMatchObject({ status: 'repaid', outstanding: 0n });
    expect(await money.walletBalance(member.id)).toBe(50_000n + 20_000n + 9_000n);
  });

  it('settles only a repayment the provider confirmed, by its id: never an unpaid or unknown one', async () => {
    const { loans } = services();
    const member = await saver(50_000n);
    await loans.apply({ memberId: member.id, principal: 20_000n, termDays: 30, idempotencyKey: `u:${member.id}` });
    await loans.requestMobileRepayment({
      memberId: member.id,
      phone: member.phone,
      amount: 20_000n,
      idempotencyKey: `u1:${member.id}`,
    });
    const pending = await db
      .selectFrom('payments')
      .select('id')
      .where('member_id', '=', member.id)
      .executeTakeFirstOrThrow();
    const before = await loans.status(member.id);
    for (const id of [pending.id, '00000000-0000-0000-0000-000000000000']) {
      await expect(db.transaction().execute((trx) => loans.settleMobileRepayment(trx, id))).rejects.toThrow(
        /not a confirmed loan repayment/,
      );
    }
    expect(await loans.status(member.id)).toEqual(before);
  });
});

describe('the daily loan job', () => {
  it('reminds before the due date once a day and marks overdue loans once, with the late fee', async () => {
    const { loans } = services();
    const member = await saver(50_000n);
    const loan = await loans.apply({
      memberId: member.id,
      principal: 100_000n,
      termDays: 30,
      idempotencyKey: `d:${member.id}`,
    });
    const start = clock;
    try {
      clock = new Date(start.getTime() + 28 * DAY);
      const first = await loans.runDailyJob();
      expect(first.reminded).toBeGreaterThanOrEqual(1);
      const again = await loans.runDailyJob();
      expect(again.reminded).toBe(0);
      const reminders = (await outstandingSms()).filter((m) =>
        m.idempotency_key.startsWith(`sms:loan:${loan.id}:reminder`),
      );
      expect(reminders).toHaveLength(1);

      clock = new Date(start.getTime() + 31 * DAY);
      expect((await loans.runDailyJob()).markedOverdue).toBeGreaterThanOrEqual(1);
      await loans.runDailyJob();
      const status = await loans.status(member.id);
      expect(status).toMatchObject({ lateFee: 10_500n, outstanding: 115_500n, overdue: true });
      const lateFees = await db
        .selectFrom('journal_entries')
        .select('id')
        .where('idempotency_key', '=', `loan:${loan.id}:late-fee`)
        .execute();
      expect(lateFees).toHaveLength(1);
    } finally {
      clock = start;
    }
  });
});

describe('savings secure loans', () => {
  const wallet = (id: string) =>
    db.selectFrom('accounts').select(['balance', 'held']).where('id', '=', id).executeTakeFirstOrThrow();

  it('hold a share of what is owed: withdrawals stop at it, repayments may use it, repaid releases it', async () => {
    const { loans, money } = services();
    const member = await saver(40_000n);
    await loans.apply({ memberId: member.id, principal: 30_000n, termDays: 30, idempotencyKey: `h:${member.id}` });
    // Owed 31,500 (5% fee); half of it is held.
    expect(await wallet(member.walletId)).toEqual({ balance: 70_000n, held: 15_750n });
    await expect(
      money.requestWithdrawal({
        memberId: member.id,
        phone: '+254700000001',
        amount: 70_000n,
        idempotencyKey: `w:${member.id}`,
      }),
    ).rejects.toMatchObject({ code: 'held-for-loan' });
    await expect(
      money.transfer({
        fromMemberId: member.id,
        toMemberId: (await saver(0n)).id,
        amount: 54_300n,
        idempotencyKey: `t:${member.id}`,
      }),
    ).rejects.toMatchObject({ code: 'held-for-loan' });
    await money.requestWithdrawal({
      memberId: member.id,
      phone: '+254700000001',
      amount: 54_200n,
      idempotencyKey: `w2:${member.id}`,
    });
    expect(await wallet(member.walletId)).toEqual({ balance: 15_800n, held: 15_750n });
    await loans.repayFromWallet({ memberId: member.id, amount: 15_800n, idempotencyKey: `r:${member.id}` });
    expect(await wallet(member.walletId)).toEqual({ balance: 0n, held: 7_850n });
    await fund(db, member.walletId, 20_000n, `more:${member.id}`);
    await loans.repayFromWallet({ memberId: member.id, amount: 15_700n, idempotencyKey: `r2:${member.id}` });
    expect(await wallet(member.walletId)).toEqual({ balance: 4_300n, held: 0n });
  });

  it('keep the held part whatever races: parallel sends and withdrawals never reach it', async () => {
    const { loans, money } = services();
    const member = await saver(40_000n);
    const other = await saver(0n);
    await loans.apply({ memberId: member.id, principal: 30_000n, termDays: 30, idempotencyKey: `p:${member.id}` });
    // Balance 70,000, held 15,750: 54,250 available, room for two of these five.
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        i % 2 === 0
          ? money.transfer({
              fromMemberId: member.id,
              toMemberId: other.id,
              amount: 20_000n,
              idempotencyKey: `p:${member.id}:${i}`,
            })
          : money.requestWithdrawal({
              memberId: member.id,
              phone: '+254700000001',
              amount: 20_000n,
              idempotencyKey: `p:${member.id}:${i}`,
            }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'held-for-loan' });
    expect(await wallet(member.walletId)).toEqual({ balance: 30_000n, held: 15_750n });
  });

  it('recover an overdue loan from savings after the recovery days, once a day, with an SMS', async () => {
    const start = clock;
    const { loans } = services();
    const member = await saver(40_000n);
    const loan = await loans.apply({
      memberId: member.id,
      principal: 30_000n,
      termDays: 30,
      idempotencyKey: `o:${member.id}`,
    });
    try {
      clock = new Date(start.getTime() + 31 * DAY);
      await loans.runDailyJob();
      expect((await wallet(member.walletId)).held).toBe(17_325n); // half of 31,500 + 10% late fee
      clock = new Date(start.getTime() + (30 + policy.recoveryDays) * DAY + 1000);
      const first = await loans.runDailyJob();
      expect(first.recovered).toBeGreaterThanOrEqual(1);
      expect(await wallet(member.walletId)).toEqual({ balance: 70_000n - 34_650n, held: 0n });
      expect((await loans.status(member.id))?.status).toBe('repaid');
      const again = await loans.runDailyJob();
      expect(again.recovered).toBe(0);
      const entries = await db
        .selectFrom('journal_entries')
        .select('kind')
        .where('idempotency_key', 'like', `loan:${loan.id}:recovery:%`)
        .execute();
      expect(entries).toEqual([{ kind: 'loan.recovery' }]);
      const sms = await outstandingSms();
      expect(sms.some((s) => s.idempotency_key.startsWith(`sms:loan:${loan.id}:recovery:`))).toBe(true);
      const lines = await services().money.statement(member.id);
      expect(lines[0]?.kind).toBe('loan.recovery');
    } finally {
      clock = start;
    }
  });

  it('say what is missing: days to wait, or savings to add', async () => {
    const { loans } = services();
    expect(await loans.offer((await saver(20_000n, 18)).id)).toMatchObject({ reason: 'too-new', days: 12 });
    expect(await loans.offer((await saver(1_000n)).id)).toMatchObject({
      reason: 'no-savings',
      saveMore: 2_400n,
      borrow: 10_000n,
    });
  });
});
