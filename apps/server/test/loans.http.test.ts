import { backdateEntries, fund, walletIdOf } from '@sacco/bank/testing';
import { loadConfig } from '@sacco/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomain } from '../src/domain.js';
import { eventually } from './support/eventually.js';
import { gatewaySession, registerByUssd } from './support/gateway.js';
import { startTestService, type TestService } from './support/test-app.js';

let t: TestService;
beforeAll(async () => {
  t = await startTestService({
    RATE_LIMIT_HOPS: '100000',
    LOAN_MIN: '100',
    LOAN_MAX: '50000',
    LOAN_TERMS_DAYS: '30,90',
    LOAN_FEE_BPS_PER_30_DAYS: '500',
    LOAN_MIN_MEMBERSHIP_DAYS: '30',
    LOAN_SAVINGS_MULTIPLIER: '3',
  });
});
afterAll(() => t.close());

const DAY = 86_400_000;
const smsTo = (phone: string) =>
  (t.service.providers.fakes.sms?.sent() ?? []).filter((m) => m.to === phone).map((m) => m.text);

/** A member who joined 60 days ago and has kept `shillings` in the wallet since. */
async function saver(phone: string, shillings: bigint) {
  await registerByUssd(t.app, phone);
  const db = t.database.db;
  const member = await db.selectFrom('members').select('id').where('phone', '=', phone).executeTakeFirstOrThrow();
  const then = new Date(Date.now() - 60 * DAY);
  await db.updateTable('members').set({ created_at: then }).where('id', '=', member.id).execute();
  await fund(db, await walletIdOf(db, member.id), shillings * 100n, `savings:${phone}`);
  await backdateEntries(db, { idempotencyKey: `savings:${phone}` }, then);
  return member.id;
}

describe('loans through the gateway', () => {
  it('applies within the offer, is disbursed, shows its status, and is repaid partly then fully', async () => {
    const phone = '+254744400001';
    await saver(phone, 1_000n);
    const apply = gatewaySession(t.app, { phone });
    await apply.dial('5');
    expect(await apply.send('1')).toBe('CON You can borrow up to KES 3,000.00.\nEnter amount:');
    expect(await apply.send('5000')).toMatch(/^CON The largest amount is KES 3,000\.00\./);
    expect(await apply.send('2000')).toBe('CON Repay within:\n1. 30 days\n2. 90 days\n0. Back');
    const summary = await apply.send('1');
    expect(summary).toMatch(
      /^CON Borrow KES 2,000\.00 for 30 days\nFee: KES 100\.00\nRepay KES 2,100\.00 by \d\d\/\d\d\/\d{4}\n1\. Confirm\n2\. Cancel$/,
    );
    expect(await apply.send('1')).toBe('CON Enter your PIN to borrow KES 2,000.00:');
    expect(await apply.send('4826')).toMatch(/^END KES 2,000\.00 is in your account\. Repay KES 2,100\.00 by /);
    await eventually(async () =>
      expect(
        smsTo(phone).some((m) =>
          /^Your loan of KES 2,000\.00 is in your account\. Fee KES 100\.00\. Repay KES 2,100\.00 by \d\d\/\d\d\/\d{4}\.$/.test(
            m,
          ),
        ),
      ).toBe(true),
    );

    const again = gatewaySession(t.app, { phone });
    await again.dial('5');
    expect(await again.send('1')).toBe(
      'CON You already have a loan. Repay it first.\nLoans\n1. Apply for a loan\n2. Repay a loan\n3. Loan status\n0. Back',
    );

    const status = gatewaySession(t.app, { phone });
    await status.dial('5');
    expect(await status.send('3')).toMatch(
      /^CON Loan status\nPrincipal: KES 2,000\.00\nFee: KES 100\.00\nPaid: KES 0\.00\nOwed: KES 2,100\.00\nDue: \d\d\/\d\d\/\d{4}\n0\. Back 00\. Main menu$/,
    );

    const partly = gatewaySession(t.app, { phone });
    await partly.dial('5*2');
    expect(await partly.send('1')).toBe('CON You owe KES 2,100.00.\nEnter amount to pay:');
    expect(await partly.send('2100.01')).toMatch(/^CON The largest amount is KES 2,100\.00\./);
    await partly.send('600.50');
    expect(await partly.send('4826')).toBe('CON Pay KES 600.50 to your loan from your account?\n1. Confirm\n2. Cancel');
    expect(await partly.send('1')).toBe('END Paid KES 600.50. Still owed: KES 1,499.50.');

    const fully = gatewaySession(t.app, { phone });
    await fully.dial('5*2*1*1499.50*4826');
    await fully.send('1');
    expect(await fully.repeat()).toBe('END Paid KES 1,499.50. Still owed: KES 0.00.');
    await eventually(async () => expect(smsTo(phone).some((m) => m.includes('Your loan is fully repaid'))).toBe(true));
    const loan = await t.database.db
      .selectFrom('loans')
      .selectAll()
      .where('idempotency_key', 'like', 'ussd:%:loan:%')
      .execute();
    expect(loan.some((l) => l.status === 'repaid')).toBe(true);
    const repaid = gatewaySession(t.app, { phone });
    await repaid.dial('5');
    expect(await repaid.send('3')).toBe(
      'CON Loan status\nPrincipal: KES 2,000.00\nFee: KES 100.00\nPaid: KES 2,100.00\nOwed: KES 0.00\nRepaid\n0. Back 00. Main menu',
    );
  });

  it('is repaid by an M-Pesa prompt when the provider confirms', async () => {
    const phone = '+254744400002';
    await saver(phone, 1_000n);
    const apply = gatewaySession(t.app, { phone });
    await apply.dial('5*1*1000*2*1');
    expect(await apply.send('4826')).toMatch(/^END KES 1,000\.00 is in your account\. Repay KES 1,150\.00/);

    const repay = gatewaySession(t.app, { phone });
    await repay.dial('5*2*2');
    expect(await repay.send('1150')).toBe(`CON Pay KES 1,150.00 with M-Pesa ${phone}?\n1. Confirm\n2. Cancel`);
    expect(await repay.send('1')).toBe('END You will receive an M-Pesa prompt to pay KES 1,150.00.');
    await eventually(async () => {
      const status = gatewaySession(t.app, { phone });
      await status.dial('5');
      expect(await status.send('3')).toMatch(/Owed: KES 0\.00/);
    });
  });

  it('says no to a member who joined too recently', async () => {
    const phone = '+254744400003';
    await registerByUssd(t.app, phone);
    const session = gatewaySession(t.app, { phone });
    await session.dial('5');
    expect(await session.send('1')).toBe('CON Loans\nYou can borrow after 30 more days.\n0. Back 00. Main menu');
    expect(await session.send('0')).toMatch(/^CON Loans\n1\. Apply for a loan/);
  });

  it('says how much more to save when the savings are too few, and that there is no loan', async () => {
    const phone = '+254744400004';
    await saver(phone, 10n);
    const session = gatewaySession(t.app, { phone });
    await session.dial('5');
    expect(await session.send('1')).toBe(
      'CON Loans\nSave KES 24.00 more, kept for 30 days, to borrow KES 100.00.\n0. Back 00. Main menu',
    );
    const status = gatewaySession(t.app, { phone });
    await status.dial('5');
    expect(await status.send('3')).toMatch(/^CON You have no loan\.\nLoans\n/);
  });

  it('holds savings while a loan is open, and recovers an overdue loan from them', async () => {
    const phone = '+254744400005';
    const memberId = await saver(phone, 40_000n);
    const apply = gatewaySession(t.app, { phone });
    await apply.dial('5*1*30000*2*1*4826');
    expect(await apply.send('1')).toMatch(/^END KES 30,000\.00 is in your account\. Repay KES 34,500\.00/);

    // Half of the KES 34,500 owed is held: the balance says so, and a withdrawal stops at it.
    const balance = gatewaySession(t.app, { phone });
    await balance.dial('6*1');
    expect(await balance.send('4826')).toBe(
      'CON Your balance is KES 70,000.00.\nHeld for your loan: KES 17,250.00\nAvailable: KES 52,750.00\n0. Back 00. Main menu',
    );
    const greedy = gatewaySession(t.app, { phone });
    await greedy.dial('2*60000*4826');
    expect(await greedy.send('1')).toMatch(/^CON Part of your savings is held for your loan\.\nWithdraw to M-Pesa/);
    const allowed = gatewaySession(t.app, { phone });
    await allowed.dial('2*52750*4826');
    expect(await allowed.send('1')).toMatch(/New balance: KES 17,250\.00\.$/);

    // LOAN_RECOVERY_DAYS (14 by default) past the due date, the loan job takes what is owed.
    const db = t.database.db;
    await db
      .updateTable('loans')
      .set({ due_at: new Date(Date.now() - 15 * DAY) })
      .where('member_id', '=', memberId)
      .execute();
    const domain = createDomain(loadConfig(t.env), db);
    expect(await domain.loans.runDailyJob()).toMatchObject({ markedOverdue: 1, recovered: 1 });
    expect(await domain.loans.runDailyJob()).toMatchObject({ markedOverdue: 0, recovered: 0 });
    const wallet = await db
      .selectFrom('accounts')
      .select(['balance', 'held'])
      .where('member_id', '=', memberId)
      .executeTakeFirstOrThrow();
    // Owed KES 36,225.00 with the late fee; KES 17,250.00 recovered; half of the rest held.
    expect(wallet).toEqual({ balance: 0n, held: 948_750n });
    await eventually(async () =>
      expect(smsTo(phone)).toContain(
        'KES 17,250.00 was taken from your savings to repay your overdue loan. Outstanding: KES 18,975.00.',
      ),
    );
    const statement = gatewaySession(t.app, { phone });
    await statement.dial('6*2');
    expect(await statement.send('4826')).toMatch(/Loan recovery -17,250\.00/);
    const status = gatewaySession(t.app, { phone });
    await status.dial('5');
    expect(await status.send('3')).toMatch(
      /Fee: KES 4,500\.00\nLate fee: KES 1,725\.00\nPaid: KES 17,250\.00\nOwed: KES 18,975\.00\nDue: \d\d\/\d\d\/\d{4} OVERDUE/,
    );
  });
});
