import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import { fundedMember } from './support/funded-member.js';
import { gatewaySession } from './support/gateway.js';
import { startTestService, type TestService } from './support/test-app.js';

// Every provider says no: payouts fail, airtime fails, and deposits are declined.
let t: TestService;
beforeAll(async () => {
  t = await startTestService({ RATE_LIMIT_HOPS: '100000', FAKE_PAYMENTS: 'decline' });
});
afterAll(() => t.close());

const fakes = () => t.service.providers.fakes;
const smsTo = (phone: string) => (fakes().sms?.sent() ?? []).filter((m) => m.to === phone).map((m) => m.text);

const memberWith = (phone: string, shillings: bigint) => fundedMember(t, phone, shillings);

describe('when providers fail', () => {
  it('a declined deposit credits nothing and tells the member', async () => {
    const phone = '+254722200001';
    const member = await memberWith(phone, 0n);
    const session = gatewaySession(t.app, { phone });
    await session.dial('1*500');
    expect(await session.send('1')).toMatch(/^END You will receive an M-Pesa prompt/);
    await eventually(async () =>
      expect(smsTo(phone)).toContain(
        'Your deposit of KES 500.00 was not completed: Request cancelled by user. No money was taken.',
      ),
    );
    expect(await member.balance()).toBe(0n);
  });

  it('a failed payout gives the held amount back, once, with an SMS', async () => {
    const phone = '+254722200002';
    const member = await memberWith(phone, 1_000n);
    const session = gatewaySession(t.app, { phone });
    await session.dial('2*400*4826');
    expect(await session.send('1')).toBe('END KES 400.00 is on its way to your M-Pesa. New balance: KES 600.00.');
    await eventually(async () =>
      expect(smsTo(phone)).toContain(
        'Your withdrawal of KES 400.00 failed and was returned to your account. Balance: KES 1,000.00.',
      ),
    );
    expect(await member.balance()).toBe(100_000n);
  });

  it('failed airtime is refunded', async () => {
    const phone = '+254722200003';
    const member = await memberWith(phone, 100n);
    const session = gatewaySession(t.app, { phone });
    await session.dial('4*2*0799000111*20*4826');
    expect(await session.send('1')).toMatch(/^END Airtime of KES 20\.00 for \+254799000111 is on its way/);
    await eventually(async () =>
      expect(smsTo(phone).some((text) => text.includes('failed and was refunded'))).toBe(true),
    );
    expect(await member.balance()).toBe(10_000n);
  });

  it('an effect written while the worker was down is delivered once after it comes back', async () => {
    const phone = '+254722200004';
    await memberWith(phone, 1_000n);
    await t.service.worker.stop();
    const session = gatewaySession(t.app, { phone });
    await session.dial('2*100*4826');
    expect(await session.send('1')).toMatch(/^END KES 100\.00 is on its way/);
    const waiting = await sql<{
      n: string;
    }>`select count(*) as n from outbox where status = 'pending' and kind = 'mobile-money.payout'`.execute(
      t.database.db,
    );
    expect(Number(waiting.rows[0]?.n)).toBeGreaterThan(0);

    t.service.worker.start();
    await eventually(async () =>
      expect(smsTo(phone).some((text) => text.startsWith('Your withdrawal of KES 100.00 failed'))).toBe(true),
    );
    const b2c = (fakes().daraja?.requests() ?? []).filter(
      (r) => r.path.includes('b2c') && JSON.stringify(r.body).includes(phone.slice(1)),
    );
    expect(b2c).toHaveLength(1);
    expect(smsTo(phone).filter((text) => text.startsWith('Your withdrawal of KES 100.00 failed'))).toHaveLength(1);
  });
});
