import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewaySession, registerByUssd } from './support/gateway.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const LANGUAGE = 'Welcome! Karibu!\nChoose your language / Chagua lugha:\n1. English\n2. Kiswahili';
const MENU = '1. Deposit\n2. Withdraw\n3. Send money\n4. Buy airtime\n5. Loans\n6. My account\n7. Call me back';

describe('registration through the gateway', () => {
  it.each([
    ['+254711000081', 'Zoë Wanjirū', 'Zoe'],
    ['+254711000082', "Ng'ang'a Kamau", "Ng'ang'a"],
    ['+254711000083', 'Δημήτρης Παπαδόπουλος', 'Dimitris'],
    ['+254711000084', 'Олена Шевченко', 'Olena'],
  ])("keeps %s's name %j as typed and shows it readable in GSM-7", async (phone, name, shown) => {
    expect(await registerByUssd(t.app, phone, { name })).toBe(`CON Registration complete!\nWelcome, ${shown}\n${MENU}`);
    const member = await t.database.db
      .selectFrom('members')
      .select('full_name')
      .where('phone', '=', phone)
      .executeTakeFirst();
    expect(member?.full_name).toBe(name);
  });

  it('registers a member hop by hop and writes member, wallet and PIN hash together', async () => {
    const phone = '+254711000001';
    const session = gatewaySession(t.app, { phone });
    expect(await session.dial()).toBe(`CON ${LANGUAGE}`);
    expect(await session.send('1')).toBe('CON To register, enter your full name:\n0. Back');
    expect(await session.send('Jane  Doe')).toBe('CON Enter your city or town:\n0. Back');
    expect(await session.send('Nairobi')).toBe('CON Choose a 4-digit PIN:');
    expect(await session.send('4826')).toBe('CON Enter the same PIN again:');
    expect(await session.send('4826')).toBe(`CON Registration complete!\nWelcome, Jane\n${MENU}`);

    const member = await t.database.db.selectFrom('members').selectAll().where('phone', '=', phone).executeTakeFirst();
    expect(member).toMatchObject({ full_name: 'Jane Doe', city: 'Nairobi', language: 'en', failed_pin_attempts: 0 });
    const wallet = await t.database.db
      .selectFrom('accounts')
      .selectAll()
      .where('member_id', '=', member?.id as string)
      .executeTakeFirstOrThrow();
    expect(wallet).toMatchObject({ kind: 'wallet', currency: 'KES', balance: 0n });
    const credential = await t.database.db
      .selectFrom('pin_credentials')
      .select('pin_hash')
      .where('member_id', '=', member?.id as string)
      .executeTakeFirstOrThrow();
    expect(credential.pin_hash).toMatch(/^scrypt\$/);
    expect(credential.pin_hash).not.toContain('4826');
  });

  it('greets a registered member by name on the next dial', async () => {
    await registerByUssd(t.app, '+254711000002', { name: 'Otieno Ouma' });
    const again = gatewaySession(t.app, { phone: '+254711000002' });
    expect(await again.dial()).toBe(`CON Welcome, Otieno\n${MENU}`);
  });

  it('asks again, with the reason, on every bad answer', async () => {
    const session = gatewaySession(t.app, { phone: '+254711000003' });
    await session.dial();
    expect(await session.send('5')).toBe(`CON Invalid choice. Try again.\n${LANGUAGE}`);
    await session.send('1');
    expect(await session.send('J4ne')).toBe(
      "CON Use 2-40 letters, spaces, ' or -.\nTo register, enter your full name:\n0. Back",
    );
    await session.send('Jane');
    expect(await session.send('')).toBe("CON Use 2-30 letters, spaces, ' or -.\nEnter your city or town:\n0. Back");
    await session.send('0');
    await session.send('0');
    await session.send('2');
    expect(await session.send('Jane')).toBe('CON Weka jina la mji wako:\n0. Rudi');
    await session.send('Kisumu');
    expect(await session.send('0000')).toBe('CON PIN hiyo ni rahisi mno kukisia.\nChagua PIN ya tarakimu 4:');
    expect(await session.send('12345')).toBe('CON PIN ni tarakimu 4 kamili.\nChagua PIN ya tarakimu 4:');
    await session.send('4826');
    expect(await session.send('4862')).toBe('CON PIN hazilingani. Anza tena.\nChagua PIN ya tarakimu 4:');
  });

  it('leaves nothing behind when a session drops midway', async () => {
    const session = gatewaySession(t.app, { phone: '+254711000004' });
    await session.dial();
    await session.send('1');
    await session.send('Half Way');
    await session.send('Mombasa');
    await session.send('4826');
    const rows = await t.database.db.selectFrom('members').select('id').where('phone', '=', '+254711000004').execute();
    expect(rows).toEqual([]);
  });

  it('keeps PINs out of the session store and the logs', async () => {
    await registerByUssd(t.app, '+254711000005', { pin: '7391' });
    // The PIN as a value of its own (quoted, or in a chained text): not four digits that happen
    // to stand inside a timestamp, a random id or a hash.
    const pin = /(?<![0-9A-Za-z-])7391(?![0-9A-Za-z-])/;
    const keys = await t.redis.keys(`${t.redisPrefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const value = (await t.redis.type(key)) === 'string' ? await t.redis.get(key) : '';
      expect(value ?? '').not.toMatch(pin);
    }
    expect(t.logs.join('\n')).not.toMatch(pin);
    expect(t.logs.some((line) => line.includes('"inputs":["****"]'))).toBe(true);
  });

  it('jumps straight to a choice dialled in the code', async () => {
    await registerByUssd(t.app, '+254711000006');
    const session = gatewaySession(t.app, { phone: '+254711000006' });
    expect(await session.dial('6*1')).toBe('CON Enter your PIN to see your balance:');
    expect(await session.send('4826')).toBe('CON Your balance is KES 0.00.\n0. Back 00. Main menu');
  });

  it('answers a repeated hop with the same reply and registers once', async () => {
    const session = gatewaySession(t.app, { phone: '+254711000007' });
    await session.dial();
    for (const input of ['1', 'Amina Ali', 'Nakuru', '4826']) await session.send(input);
    const done = await session.send('4826');
    expect(await session.repeat()).toBe(done);
    const rows = await t.database.db.selectFrom('members').select('id').where('phone', '=', '+254711000007').execute();
    expect(rows).toHaveLength(1);
  });

  it('starts registration without an error line when a new number dials a shortcut', async () => {
    const session = gatewaySession(t.app, { phone: '+254711000008' });
    expect(await session.dial('1*500')).toBe(`CON ${LANGUAGE}`);
    expect(await session.send('2')).toBe('CON Ili kujisajili, weka jina lako kamili:\n0. Rudi');
    const rows = await t.database.db.selectFrom('members').select('id').where('phone', '=', '+254711000008').execute();
    expect(rows).toEqual([]);
  });
});
