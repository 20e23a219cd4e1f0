import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import { gatewaySession, registerByUssd } from './support/gateway.js';
import { startTestService, type TestService } from './support/test-app.js';

let t: TestService;
beforeAll(async () => {
  t = await startTestService({
    RATE_LIMIT_HOPS: '100000',
    IVR_SALES_DESTINATION: '+254711082001',
    IVR_SUPPORT_DESTINATION: 'support@ke.sip.africastalking.com',
    IVR_RINGBACK_URL: 'https://media.example.com/ringback.mp3',
    SACCO_NAME: 'Umoja SACCO',
  });
});
afterAll(() => t.close());

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

/** One voice callback as Africa's Talking posts it; the XML reply parsed (and validated). */
async function voice(fields: Record<string, string>) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/voice/callback',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
  expect(response.statusCode).toBe(200);
  if (fields.isActive === '0') return undefined;
  expect(XMLValidator.validate(response.body)).toBe(true);
  return parser.parse(response.body).Response as Record<string, { [key: string]: unknown }>;
}

/** The prompt spoken inside GetDigits, if the reply asks for a key. */
const menuText = (reply: Record<string, unknown> | undefined) =>
  (reply?.GetDigits as { Say?: { '#text'?: string } } | undefined)?.Say?.['#text'];

const live = (sessionId: string, extra: Record<string, string> = {}) =>
  voice({ isActive: '1', sessionId, direction: 'Outbound', callerNumber: '+254733300001', ...extra });

describe('call me back', () => {
  it('ends the session, places one call, and refuses a second request within the window', async () => {
    const phone = '+254733300001';
    await registerByUssd(t.app, phone, { language: '2' });
    const session = gatewaySession(t.app, { phone });
    await session.dial();
    expect(await session.send('7')).toBe('END Tutakupigia simu hivi karibuni.');
    await eventually(async () =>
      expect((t.service.providers.fakes.voice?.sent() ?? []).map((c) => c.to)).toContain(phone),
    );

    const again = gatewaySession(t.app, { phone });
    await again.dial();
    expect(await again.send('7')).toBe('END Uliomba simu muda mfupi uliopita. Tutakupigia hivi karibuni.');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((t.service.providers.fakes.voice?.sent() ?? []).filter((c) => c.to === phone)).toHaveLength(1);
  });
});

describe('the IVR', () => {
  it('asks for a key in the member language, with GetDigits calling back here', async () => {
    const reply = await live('ATVId_menu');
    const getDigits = reply?.GetDigits as Record<string, unknown>;
    expect(getDigits['@numDigits']).toBe('1');
    expect(getDigits['@callbackUrl']).toMatch(/\/voice\/callback$/);
    // A call we placed: the call-back greeting names the SACCO and why it calls, once.
    expect((getDigits.Say as Record<string, string>)['#text']).toBe(
      'Habari, hii ni Umoja SACCO, tunakupigia tena kama ulivyoomba. ' +
        'Asante kwa kupiga simu. Bonyeza 1 kwa mauzo, 2 kwa msaada, au 9 kusikiliza tena.',
    );
    expect(reply?.Redirect).toMatch(/\/voice\/callback$/);
    expect(menuText(await live('ATVId_menu', { dtmfDigits: '9' }))).toBe(
      'Asante kwa kupiga simu. Bonyeza 1 kwa mauzo, 2 kwa msaada, au 9 kusikiliza tena.',
    );
    // A call the member made is not greeted as a call-back.
    const inbound = await voice({
      isActive: '1',
      sessionId: 'ATVId_in',
      direction: 'Inbound',
      callerNumber: '+254733300001',
    });
    expect(menuText(inbound)).toBe('Asante kwa kupiga simu. Bonyeza 1 kwa mauzo, 2 kwa msaada, au 9 kusikiliza tena.');
  });

  it('connects 1 to sales with the ringback tone, and 2 to support', async () => {
    await live('ATVId_sales');
    const sales = await live('ATVId_sales', { dtmfDigits: '1' });
    expect(sales?.Say).toMatchObject({ '#text': 'Tafadhali subiri tunapokuunganisha na timu ya mauzo.' });
    expect(sales?.Dial).toMatchObject({
      '@phoneNumbers': '+254711082001',
      '@ringbackTone': 'https://media.example.com/ringback.mp3',
    });
    await live('ATVId_support');
    const support = await live('ATVId_support', { dtmfDigits: '2' });
    expect(support?.Dial).toMatchObject({ '@phoneNumbers': 'support@ke.sip.africastalking.com' });
  });

  it('repeats the menu on 9, and after a wrong or missing key at most twice, then says goodbye', async () => {
    await live('ATVId_misses');
    const repeated = await live('ATVId_misses', { dtmfDigits: '9' });
    expect(menuText(repeated)).toMatch(/^Asante/);
    const wrong = await live('ATVId_misses', { dtmfDigits: '5' });
    expect(menuText(wrong)).toMatch(/^Samahani, hilo si chaguo\. Asante/);
    // Silence is not a wrong key: the member is asked to press one.
    const silent = await live('ATVId_misses');
    expect(menuText(silent)).toMatch(/^Tafadhali bonyeza kitufe\. Asante/);
    const goodbye = await live('ATVId_misses');
    expect(goodbye?.GetDigits).toBeUndefined();
    expect(goodbye?.Say).toMatchObject({ '#text': 'Hatukupata chaguo lako. Asante kwa kupiga simu, kwaheri.' });
  });

  it('finds the member language from the caller number in any form', async () => {
    for (const [i, callerNumber] of ['0733300001', '254733300001', '00254733300001', '733300001'].entries()) {
      const reply = await voice({ isActive: '1', sessionId: `ATVId_form${i}`, callerNumber });
      expect(menuText(reply), callerNumber).toMatch(/^Asante kwa kupiga simu/);
    }
  });

  it('speaks English to callers it does not know', async () => {
    const reply = await voice({ isActive: '1', sessionId: 'ATVId_stranger', callerNumber: '+254799999999' });
    expect(menuText(reply)).toMatch(/^Thank you for calling\. Press 1 for sales/);
  });

  it('stores the call record once, with the choice, even when the last callback comes twice', async () => {
    await live('ATVId_record');
    await live('ATVId_record', { dtmfDigits: '1' });
    const last = {
      isActive: '0',
      sessionId: 'ATVId_record',
      direction: 'Outbound',
      callerNumber: '+254733300001',
      destinationNumber: '+254711082001',
      durationInSeconds: '93',
      currencyCode: 'KES',
      amount: '2.4000',
      callSessionState: 'Completed',
      hangupCause: 'NORMAL_CLEARING',
      dialDestinationNumber: '+254711082001',
      dialDurationInSeconds: '71',
      status: 'Success',
    };
    await voice(last);
    await voice(last);
    const rows = await t.database.db
      .selectFrom('call_records')
      .selectAll()
      .where('session_id', '=', 'ATVId_record')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      duration_seconds: 93,
      currency: 'KES',
      amount_minor: 240n,
      call_state: 'Completed',
      hangup_cause: 'NORMAL_CLEARING',
      dial_duration_seconds: 71,
      choice: 'sales',
    });
  });

  it('refuses a malformed callback with 400', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/voice/callback',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'isActive=2&sessionId=x',
    });
    expect(response.statusCode).toBe(400);
  });
});

describe('USSD and voice sessions', () => {
  it('keeps a live call out of reach of a USSD session id shaped like its key', async () => {
    const phone = '+254733300009';
    await registerByUssd(t.app, phone);
    await live('ATVId_apart');

    // The gateway's session ids may contain ':'; this one names the call's old store key.
    const ussd = gatewaySession(t.app, { phone, sessionId: 'voice:ATVId_apart' });
    expect(await ussd.dial()).toMatch(/^CON Welcome, Jane/);
    expect(await ussd.send('6')).toMatch(/^CON My account/);

    // The call goes on from its own menu: its state was neither read nor overwritten.
    const sales = await live('ATVId_apart', { dtmfDigits: '1' });
    expect(sales?.Dial).toMatchObject({ '@phoneNumbers': '+254711082001' });
  });
});
