import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balanceScreen as balanceOf, depositedMember as deposited } from './support/deposits.js';
import { eventually } from './support/eventually.js';
import { gatewaySession, registerByUssd } from './support/gateway.js';
import { startTestApp, startTestService, type TestApp, type TestService } from './support/test-app.js';

let t: TestService;
beforeAll(async () => {
  // The tests poll balances through the menus far faster than any member could.
  t = await startTestService({ RATE_LIMIT_HOPS: '100000' });
});
afterAll(() => t.close());

const fakes = () => t.service.providers.fakes;
const balanceScreen = (phone: string) => balanceOf(t.app, phone);
const smsTo = (phone: string) => (fakes().sms?.sent() ?? []).filter((m) => m.to === phone).map((m) => m.text);

const depositedMember = (phone: string, amount: string, name?: string) => deposited(t.app, phone, amount, name);

describe('deposit', () => {
  it('credits the wallet when the provider confirms, once, and tells the member', async () => {
    const phone = '+254711100001';
    await registerByUssd(t.app, phone);
    const session = gatewaySession(t.app, { phone });
    expect(await session.dial()).toMatch(/^CON Welcome, Jane/);
    expect(await session.send('1')).toBe('CON Deposit from M-Pesa\nEnter amount (KES):');
    expect(await session.send('5')).toBe(
      'CON The smallest amount is KES 10.00.\nDeposit from M-Pesa\nEnter amount (KES):',
    );
    expect(await session.send('500')).toBe(`CON Deposit KES 500.00 from M-Pesa ${phone}?\n1. Confirm\n2. Cancel`);
    expect(await session.send('1')).toBe('END You will receive an M-Pesa prompt to approve KES 500.00.');

    await eventually(async () =>
      expect(await balanceScreen(phone)).toBe('CON Your balance is KES 500.00.\n0. Back 00. Main menu'),
    );
    await eventually(async () =>
      expect(smsTo(phone).some((text) => text.startsWith('Deposit of KES 500.00 received'))).toBe(true),
    );

    // Daraja retries its callbacks: the same result again changes nothing.
    const delivered = fakes().daraja?.callbacks() ?? [];
    const stk = delivered.find((c) => c.url.includes('/payments/mpesa/stk-result'));
    expect(stk).toBeDefined();
    const again = await t.app.inject({
      method: 'POST',
      url: '/payments/mpesa/stk-result',
      payload: stk?.body as object,
    });
    expect(again.statusCode).toBe(200);
    expect(await balanceScreen(phone)).toMatch(/KES 500\.00/);
  });

  it('moves nothing for a callback whose amount differs from the payment, and 400s a malformed one', async () => {
    const phone = '+254711100002';
    await depositedMember(phone, '100');
    const stk = (fakes().daraja?.callbacks() ?? []).filter((c) => c.url.includes('stk-result')).at(-1);
    const forged = JSON.parse(JSON.stringify(stk?.body).replace('"Value":100,', '"Value":100000,'));
    const response = await t.app.inject({ method: 'POST', url: '/payments/mpesa/stk-result', payload: forged });
    expect(response.statusCode).toBe(200);
    expect(await balanceScreen(phone)).toMatch(/KES 100\.00/);
    const malformed = await t.app.inject({ method: 'POST', url: '/payments/mpesa/stk-result', payload: { Body: {} } });
    expect(malformed.statusCode).toBe(400);
  });
});

describe('send money', () => {
  it('moves money to another member by local number, named only after the PIN, with an SMS to both', async () => {
    const sender = '+254711100003';
    const recipient = '+254711100004';
    await depositedMember(sender, '1000', 'Amina Ali');
    await registerByUssd(t.app, recipient, { name: 'Baraka Otieno' });

    const session = gatewaySession(t.app, { phone: sender });
    await session.dial('3');
    // Nothing tells whether a number is a member's before the sender's PIN is right.
    expect(await session.send('0711100009')).toBe('CON Enter amount to send to +254711100009:');
    expect(await session.send('10')).toBe('CON Enter your PIN to send KES 10.00 to +254711100009:');
    expect(await session.send('4826')).toBe(
      "CON +254711100009 is not a registered member.\nSend money\nEnter the recipient's phone number:",
    );
    expect(await session.send('0711100004')).toBe('CON Enter amount to send to +254711100004:');
    expect(await session.send('250.50')).toBe('CON Enter your PIN to send KES 250.50 to +254711100004:');
    expect(await session.send('4826')).toBe('CON Send KES 250.50 to Baraka (+254711100004)?\n1. Confirm\n2. Cancel');
    expect(await session.send('1')).toBe('END Sent KES 250.50 to Baraka. New balance: KES 749.50.');
    expect(await session.repeat()).toBe('END Sent KES 250.50 to Baraka. New balance: KES 749.50.');

    expect(await balanceScreen(recipient)).toMatch(/KES 250\.50/);
    expect(await balanceScreen(sender)).toMatch(/KES 749\.50/);
    await eventually(async () => {
      expect(smsTo(sender)).toContain('You sent KES 250.50 to Baraka Otieno. New balance: KES 749.50.');
      expect(smsTo(recipient)).toContain('You received KES 250.50 from Amina Ali. New balance: KES 250.50.');
    });

    const statement = gatewaySession(t.app, { phone: sender });
    await statement.dial('6*2');
    expect(await statement.send('4826')).toMatch(
      /^CON Mini-statement\n\d\d\/\d\d Sent -250\.50\n\d\d\/\d\d Deposit \+1,000\.00\n0\. Back 00\. Main menu$/,
    );
  });

  it('counts recipient look-ups toward the rate limit of the phone', async () => {
    const hitsOf = async (app: TestApp, phone: string) =>
      Number(await app.redis.get(`${app.redisPrefix}rate:phone:${phone}`));
    const phone = '+254711100010';
    await registerByUssd(t.app, phone);
    const before = await hitsOf(t, phone);
    await gatewaySession(t.app, { phone }).dial('3*0711100009*10*4826');
    expect((await hitsOf(t, phone)) - before).toBe(2);

    // Registration takes six hops; the seventh is allowed, its look-up is the eighth.
    const limited = await startTestApp({ RATE_LIMIT_HOPS: '7' });
    try {
      await registerByUssd(limited.app, phone);
      expect(await gatewaySession(limited.app, { phone }).dial('3*0711100009*10*4826')).toBe(
        "CON Too many look-ups. Please wait a minute.\nSend money\nEnter the recipient's phone number:",
      );
    } finally {
      await limited.close();
    }
  });

  it('refuses more than the balance and moves nothing', async () => {
    const phone = '+254711100005';
    await depositedMember(phone, '100');
    await registerByUssd(t.app, '+254711100006');
    const session = gatewaySession(t.app, { phone });
    await session.dial('3*0711100006*500*4826');
    expect(await session.send('1')).toBe(
      'CON Not enough money: your balance is KES 100.00.\nEnter amount to send to +254711100006:',
    );
    expect(await balanceScreen(phone)).toMatch(/KES 100\.00/);
  });
});

describe('withdraw', () => {
  it('holds the amount at once and settles it when the payout succeeds', async () => {
    const phone = '+254711100007';
    await depositedMember(phone, '1000');
    const session = gatewaySession(t.app, { phone });
    await session.dial('2');
    expect(await session.send('300')).toBe('CON Enter your PIN to withdraw KES 300.00:');
    expect(await session.send('4826')).toBe(`CON Withdraw KES 300.00 to M-Pesa ${phone}?\n1. Confirm\n2. Cancel`);
    expect(await session.send('1')).toBe('END KES 300.00 is on its way to your M-Pesa. New balance: KES 700.00.');
    await eventually(async () =>
      expect(smsTo(phone)).toContain('KES 300.00 has been sent to your M-Pesa. Balance: KES 700.00.'),
    );
    expect(await balanceScreen(phone)).toMatch(/KES 700\.00/);
  });

  it('moves nothing after wrong PINs, and locks the member on the third', async () => {
    const phone = '+254711100008';
    await depositedMember(phone, '1000');
    const session = gatewaySession(t.app, { phone });
    await session.dial('2*300');
    await session.send('1111');
    await session.send('2222');
    expect(await session.send('3333')).toMatch(/^END Too many wrong PINs/);
    const member = await t.database.db
      .selectFrom('members')
      .select('id')
      .where('phone', '=', phone)
      .executeTakeFirstOrThrow();
    const payouts = await t.database.db
      .selectFrom('payments')
      .select('id')
      .where('member_id', '=', member.id)
      .where('kind', '=', 'payout')
      .execute();
    expect(payouts).toEqual([]);
  });
});

describe('airtime', () => {
  it('buys airtime for my number and keeps the price once delivered', async () => {
    const phone = '+254711100009';
    await depositedMember(phone, '200');
    const session = gatewaySession(t.app, { phone });
    await session.dial('4');
    expect(await session.send('1')).toBe('CON Enter airtime amount (KES 5.00 - KES 10,000.00):');
    await session.send('50');
    await session.send('4826');
    expect(await session.send('1')).toBe(
      `END Airtime of KES 50.00 for ${phone} is on its way. New balance: KES 150.00.`,
    );
    await eventually(async () =>
      expect(smsTo(phone).some((text) => text.startsWith('Airtime of KES 50.00 was sent'))).toBe(true),
    );
    expect(await balanceScreen(phone)).toMatch(/KES 150\.00/);
  });

  it('tells in each SMS the balance its screen showed, when bought twice in a row', async () => {
    const phone = '+254711100010';
    await depositedMember(phone, '400');
    const first = gatewaySession(t.app, { phone });
    await first.dial('4*1*70*4826');
    expect(await first.send('1')).toBe(`END Airtime of KES 70.00 for ${phone} is on its way. New balance: KES 330.00.`);
    const second = gatewaySession(t.app, { phone });
    await second.dial('4*1*50*4826');
    expect(await second.send('1')).toBe(
      `END Airtime of KES 50.00 for ${phone} is on its way. New balance: KES 280.00.`,
    );
    await eventually(async () => {
      const sent = smsTo(phone).filter((text) => text.startsWith('Airtime of'));
      expect(sent.sort()).toEqual([
        `Airtime of KES 50.00 was sent to ${phone}. Balance: KES 280.00.`,
        `Airtime of KES 70.00 was sent to ${phone}. Balance: KES 330.00.`,
      ]);
    });
  });
});
