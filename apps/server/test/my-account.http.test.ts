import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewaySession, registerByUssd } from './support/gateway.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ PIN_LOCK_MINUTES: '30', SUPPORT_PHONE: '0800 720 720' });
});
afterAll(() => t.close());

const ACCOUNT = 'My account\n1. Balance\n2. Mini-statement\n3. Change PIN\n4. Change language\n0. Back 00. Main menu';

describe('My account through the gateway', () => {
  it('shows the balance on screen after the PIN', async () => {
    await registerByUssd(t.app, '+254722000001');
    const session = gatewaySession(t.app, { phone: '+254722000001' });
    await session.dial();
    expect(await session.send('6')).toBe(`CON ${ACCOUNT}`);
    expect(await session.send('1')).toBe('CON Enter your PIN to see your balance:');
    expect(await session.send('4826')).toBe('CON Your balance is KES 0.00.\n0. Back 00. Main menu');
    expect(await session.send('0')).toBe(`CON ${ACCOUNT}`);
    expect(await session.send('00')).toMatch(/^CON Welcome, Jane\n1. Deposit/);
  });

  it('asks the PIN once a session for reading, and again for every movement of money', async () => {
    const phone = '+254722000009';
    await registerByUssd(t.app, phone);
    const session = gatewaySession(t.app, { phone });
    await session.dial('6*1');
    expect(await session.send('4826')).toBe('CON Your balance is KES 0.00.\n0. Back 00. Main menu');
    expect(await session.send('0')).toBe(`CON ${ACCOUNT}`);
    expect(await session.send('2')).toMatch(/^CON Mini-statement\n/);
    expect(await session.send('0')).toBe(`CON ${ACCOUNT}`);
    expect(await session.send('1')).toMatch(/^CON Your balance is/);
    await session.send('00');
    await session.send('2');
    expect(await session.send('100')).toBe('CON Enter your PIN to withdraw KES 100.00:');
    // A new session asks again.
    expect(await gatewaySession(t.app, { phone }).dial('6*2')).toBe('CON Enter your PIN to see your mini-statement:');
  });

  it('locks a member after three wrong PINs, keeps them out, and says how to get help', async () => {
    const phone = '+254722000002';
    await registerByUssd(t.app, phone);
    const session = gatewaySession(t.app, { phone });
    await session.dial('6*1');
    expect(await session.send('1111')).toBe('CON Wrong PIN. Tries left: 2.\nEnter your PIN to see your balance:');
    expect(await session.send('2222')).toBe('CON Wrong PIN. Tries left: 1.\nEnter your PIN to see your balance:');
    expect(await session.send('3333')).toBe(
      'END Too many wrong PINs. Your account is locked for 30 min. For help call 0800 720 720.',
    );

    const member = await t.database.db
      .selectFrom('members')
      .select(['locked_until', 'failed_pin_attempts'])
      .where('phone', '=', phone)
      .executeTakeFirstOrThrow();
    expect(member.locked_until?.getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);

    const later = gatewaySession(t.app, { phone });
    expect(await later.dial()).toBe(
      'END Your account is locked after too many wrong PINs. Try again in 30 min or call 0800 720 720.',
    );
  });

  it('resets the wrong-PIN count after a right PIN', async () => {
    const phone = '+254722000003';
    await registerByUssd(t.app, phone);
    const first = gatewaySession(t.app, { phone });
    await first.dial('6*1');
    await first.send('1111');
    await first.send('2222');
    expect(await first.send('4826')).toMatch(/^CON Your balance is/);
    const second = gatewaySession(t.app, { phone });
    await second.dial('6*1');
    expect(await second.send('1111')).toMatch(/Tries left: 2/);
  });

  it('changes the PIN: the new one works and the old one no longer does', async () => {
    const phone = '+254722000004';
    await registerByUssd(t.app, phone);
    const session = gatewaySession(t.app, { phone });
    await session.dial('6*3');
    expect(await session.send('4826')).toBe('CON Enter your new 4-digit PIN:');
    expect(await session.send('9999')).toBe('CON That PIN is too easy to guess.\nEnter your new 4-digit PIN:');
    expect(await session.send('5937')).toBe('CON Enter the new PIN again:');
    expect(await session.send('5937')).toBe('CON Your PIN has been changed.\n0. Back 00. Main menu');

    const withNew = gatewaySession(t.app, { phone });
    await withNew.dial('6*1');
    expect(await withNew.send('5937')).toMatch(/^CON Your balance is KES 0.00/);
    const withOld = gatewaySession(t.app, { phone });
    await withOld.dial('6*1');
    expect(await withOld.send('4826')).toMatch(/^CON Wrong PIN/);
  });

  it('changes the language for this and every later session', async () => {
    const phone = '+254722000005';
    await registerByUssd(t.app, phone, { name: 'Baraka Mwangi' });
    const session = gatewaySession(t.app, { phone });
    await session.dial('6*4');
    expect(await session.send('2')).toBe('CON Lugha yako sasa ni Kiswahili.\n0. Rudi 00. Menyu kuu');
    const member = await t.database.db
      .selectFrom('members')
      .select('language')
      .where('phone', '=', phone)
      .executeTakeFirstOrThrow();
    expect(member.language).toBe('sw');
    const later = gatewaySession(t.app, { phone });
    expect(await later.dial()).toMatch(/^CON Karibu, Baraka\n1. Weka pesa/);
  });
});
