import { PassThrough } from 'node:stream';
import { loadConfig } from '@sacco/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOps } from '../scripts/ops-commands.js';
import { eventually } from './support/eventually.js';
import { gatewaySession, registerByUssd } from './support/gateway.js';
import { startTestService, type TestService } from './support/test-app.js';

let t: TestService;
beforeAll(async () => {
  t = await startTestService({ RATE_LIMIT_HOPS: '100000', PIN_RESET_MINUTES: '15', SUPPORT_PHONE: '0800 720 720' });
});
afterAll(() => t.close());

const smsTo = (phone: string) =>
  (t.service.providers.fakes.sms?.sent() ?? []).filter((m) => m.to === phone).map((m) => m.text);

/** `pnpm ops ...` in process, as operator amina, on the test database. */
async function ops(...args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => {
    out += String(chunk);
  });
  stderr.on('data', (chunk) => {
    err += String(chunk);
  });
  const env = { ...t.env, USER: 'amina' };
  const code = await runOps(args, { env, stdout, stderr }, () => loadConfig(env, { serving: false }));
  return { code, stdout: out, stderr: err };
}

async function lockOut(phone: string) {
  for (const guess of ['5001', '5002', '5003']) {
    const session = gatewaySession(t.app, { phone });
    await session.dial('6*1');
    await session.send(guess);
  }
}

const oneTimePin = async (phone: string, count: number) =>
  eventually(async () => {
    const pins = smsTo(phone).flatMap((text) => /^Your one-time PIN is (\d{4})\./.exec(text)?.[1] ?? []);
    expect(pins.length).toBe(count);
    return pins.at(-1) as string;
  });

const audit = (phone: string) =>
  t.database.db
    .selectFrom('member_audit')
    .innerJoin('members', 'members.id', 'member_audit.member_id')
    .select(['action', 'actor', 'reason'])
    .where('members.phone', '=', phone)
    .orderBy('member_audit.id')
    .execute();

describe('a forgotten PIN has a way back', () => {
  it('a locked member gets back in through an operator reset, and must choose a new PIN first', async () => {
    const phone = '+254755500001';
    await registerByUssd(t.app, phone);
    await lockOut(phone);
    await eventually(async () =>
      expect(smsTo(phone)).toContain(
        'Your account was locked after wrong PINs for 30 min. If this was not you, call 0800 720 720.',
      ),
    );
    expect(await gatewaySession(t.app, { phone }).dial()).toMatch(/^END Your account is locked/);

    expect((await ops('members:reset-pin', phone)).code).toBe(2);
    const reset = await ops('members:reset-pin', '0755500001', '--reason', 'called support, ID checked');
    expect(reset).toMatchObject({ code: 0, stderr: '' });
    expect(reset.stdout).toMatch(/^One-time PIN sent by SMS to \+254755500001 \(Jane Doe\) by amina/);
    const pin = await oneTimePin(phone, 1);
    expect(smsTo(phone)).toContain(
      `Your one-time PIN is ${pin}. It works for 15 min. Dial *384*303# and choose a new PIN.`,
    );

    const session = gatewaySession(t.app, { phone });
    expect(await session.dial()).toBe('CON Your PIN was reset. Enter the one-time PIN from our SMS:');
    expect(await session.send(pin)).toBe('CON Choose your new 4-digit PIN:');
    expect(await session.send('2580')).toBe('CON Enter the new PIN again:');
    expect(await session.send('2580')).toMatch(/^CON Your PIN has been changed\.\nWelcome, Jane\n1\. Deposit/);
    await eventually(async () =>
      expect(smsTo(phone)).toContain('Your PIN was changed. If this was not you, call 0800 720 720 now.'),
    );

    const next = gatewaySession(t.app, { phone });
    expect(await next.dial()).toMatch(/^CON Welcome, Jane/);
    expect(await next.send('6')).toMatch(/^CON My account/);
    await next.send('1');
    expect(await next.send('2580')).toMatch(/^CON Your balance is KES 0\.00\./);
    expect(await audit(phone)).toEqual([{ action: 'pin-reset', actor: 'amina', reason: 'called support, ID checked' }]);
  });

  it('a member who dialled a moment before the reset is still made to choose a new PIN', async () => {
    const phone = '+254755500004';
    await registerByUssd(t.app, phone);
    // This dial leaves a caller card: the next dial within the minute would be greeted from it.
    expect(await gatewaySession(t.app, { phone }).dial()).toMatch(/^CON Welcome, Jane/);
    expect((await ops('members:reset-pin', phone, '--reason', 'forgot it, called support')).code).toBe(0);
    const pin = await oneTimePin(phone, 1);
    expect(await gatewaySession(t.app, { phone }).dial()).toBe(
      'CON Your PIN was reset. Enter the one-time PIN from our SMS:',
    );
    // Nor does the one-time PIN open a balance from a menu.
    const other = gatewaySession(t.app, { phone });
    await other.dial('6*1');
    expect(await other.send(pin)).not.toMatch(/Your balance is/);
  });

  it('a one-time PIN opens no menu: typed anywhere else, it leads to choosing a new PIN', async () => {
    const phone = '+254755500005';
    await registerByUssd(t.app, phone);
    expect(await gatewaySession(t.app, { phone }).dial()).toMatch(/^CON Welcome, Jane/);
    const member = await t.database.db
      .selectFrom('members')
      .select('id')
      .where('phone', '=', phone)
      .executeTakeFirstOrThrow();
    // Reset behind the caller card's back (as if its removal had failed): the card still greets her.
    await t.service.domain.members.resetPin({ memberId: member.id, actor: 'amina', reason: 'test' });
    const pin = await oneTimePin(phone, 1);
    const session = gatewaySession(t.app, { phone });
    await session.dial('6*1');
    expect(await session.send(pin)).toBe('CON Choose your new 4-digit PIN:');
  });

  it('a one-time PIN stops working when it expires', async () => {
    const phone = '+254755500002';
    await registerByUssd(t.app, phone);
    expect((await ops('members:reset-pin', phone, '--reason', 'forgot it')).code).toBe(0);
    const pin = await oneTimePin(phone, 1);
    await t.database.db
      .updateTable('pin_credentials')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('member_id', '=', (eb) => eb.selectFrom('members').select('id').where('phone', '=', phone))
      .execute();
    // Typing it could only count as a wrong PIN: the dial says what happened and asks for nothing.
    const session = gatewaySession(t.app, { phone });
    expect(await session.dial()).toBe('END Your one-time PIN has expired. Call 0800 720 720 to get a new one.');
    const shortcut = gatewaySession(t.app, { phone });
    expect(await shortcut.dial(pin)).toMatch(/^END Your one-time PIN has expired\./);
    const counted = await t.database.db
      .selectFrom('members')
      .select('failed_pin_attempts')
      .where('phone', '=', phone)
      .executeTakeFirstOrThrow();
    expect(counted.failed_pin_attempts).toBe(0);
    // A new reset lets the member in again.
    expect((await ops('members:reset-pin', phone, '--reason', 'expired; ID checked again')).code).toBe(0);
    const fresh = await oneTimePin(phone, 2);
    const again = gatewaySession(t.app, { phone });
    await again.dial();
    expect(await again.send(fresh)).toBe('CON Choose your new 4-digit PIN:');
  });

  it('members:unlock lifts a lock at once, audited', async () => {
    const phone = '+254755500003';
    await registerByUssd(t.app, phone);
    await lockOut(phone);
    expect((await ops('members:unlock', phone)).code).toBe(2);
    expect((await ops('members:unlock', '+254755599999', '--reason', 'x')).code).toBe(1);
    const unlocked = await ops('members:unlock', phone, '--reason', 'member at the branch', '--json');
    expect(unlocked.code).toBe(0);
    expect(JSON.parse(unlocked.stdout)).toMatchObject({ action: 'unlock', actor: 'amina', wasLocked: true });
    const session = gatewaySession(t.app, { phone });
    expect(await session.dial('6*1')).toBe('CON Enter your PIN to see your balance:');
    expect(await session.send('4826')).toMatch(/^CON Your balance is KES 0\.00\./);
    expect(await audit(phone)).toEqual([{ action: 'unlock', actor: 'amina', reason: 'member at the branch' }]);
  });
});
