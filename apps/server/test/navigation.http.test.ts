import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewaySession, registerByUssd } from './support/gateway.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const MAIN_MENU = /^CON Welcome, Jane\n1\. Deposit/;

describe('back (0) and home (00) on amount, phone and PIN screens', () => {
  const phone = '+254722100001';
  beforeAll(async () => {
    await registerByUssd(t.app, phone);
  });

  it('goes back from the deposit amount, and home from it', async () => {
    expect(await gatewaySession(t.app, { phone }).dial('1*0')).toMatch(MAIN_MENU);
    expect(await gatewaySession(t.app, { phone }).dial('1*00')).toMatch(MAIN_MENU);
  });

  it('goes back from the recipient number, and takes a number starting with 0 as a number', async () => {
    expect(await gatewaySession(t.app, { phone }).dial('3*0')).toMatch(MAIN_MENU);
    const session = gatewaySession(t.app, { phone });
    await session.dial('3');
    expect(await session.send('0712345678')).toBe('CON Enter amount to send to +254712345678:');
    expect(await session.send('0')).toBe("CON Send money\nEnter the recipient's phone number:");
  });

  it('goes back from the airtime number, amount and PIN one step at a time', async () => {
    const session = gatewaySession(t.app, { phone });
    await session.dial('4*2');
    expect(await session.send('0')).toBe('CON Buy airtime\n1. My number\n2. Another number\n0. Back');
    await session.send('1');
    expect(await session.send('50')).toBe('CON Enter your PIN to buy KES 50.00 airtime:');
    expect(await session.send('0')).toMatch(/^CON Enter airtime amount/);
    expect(await session.send('0')).toBe('CON Buy airtime\n1. My number\n2. Another number\n0. Back');
  });

  it('goes back from a PIN screen to the menu it came from, and home with 00', async () => {
    expect(await gatewaySession(t.app, { phone }).dial('6*1*0')).toMatch(/^CON My account\n1\. Balance/);
    expect(await gatewaySession(t.app, { phone }).dial('6*2*00')).toMatch(MAIN_MENU);
    expect(await gatewaySession(t.app, { phone }).dial('2*500*0')).toBe('CON Withdraw to M-Pesa\nEnter amount (KES):');
  });

  it('steps back through the new-PIN screens of a PIN change', async () => {
    const session = gatewaySession(t.app, { phone });
    await session.dial('6*3');
    expect(await session.send('4826')).toBe('CON Enter your new 4-digit PIN:');
    expect(await session.send('5739')).toBe('CON Enter the new PIN again:');
    expect(await session.send('0')).toBe('CON Enter your new 4-digit PIN:');
    expect(await session.send('0')).toMatch(/^CON My account\n1\. Balance/);
  });
});

describe('back and home while registering', () => {
  it('steps back through the registration screens, and 00 starts it again', async () => {
    const session = gatewaySession(t.app, { phone: '+254722100002' });
    await session.dial();
    await session.send('1');
    await session.send('Jane Doe');
    await session.send('Nairobi');
    expect(await session.send('0')).toBe('CON Enter your city or town:\n0. Back');
    await session.send('Nairobi');
    await session.send('5739');
    expect(await session.send('0')).toBe('CON Choose a 4-digit PIN:');
    expect(await session.send('00')).toMatch(/^CON Welcome! Karibu!/);
  });
});
