import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balanceScreen as balanceOf, depositedMember as deposited } from './support/deposits.js';
import { gatewaySession, postHop, registerByUssd } from './support/gateway.js';
import { startTestApp, startTestService, type TestService } from './support/test-app.js';

let t: TestService;
let peer: FastifyInstance;
beforeAll(async () => {
  t = await startTestService({ RATE_LIMIT_HOPS: '100000' });
  peer = await t.startPeer();
});
afterAll(() => t.close());

const balanceScreen = (phone: string) => balanceOf(t.app, phone);

const depositedMember = (phone: string, amount: string, name?: string) => deposited(t.app, phone, amount, name);

describe('a USSD session belongs to the phone that opened it', () => {
  it('answers another phone with an END and leaves the session and the money alone', async () => {
    const amina = '+254733200001';
    const baraka = '+254733200002';
    const intruder = '+254733200003';
    await depositedMember(amina, '100', 'Amina Ali');
    await registerByUssd(t.app, baraka, { name: 'Baraka Otieno' });
    await registerByUssd(t.app, intruder, { name: 'Eve Mallory' });

    const session = gatewaySession(t.app, { phone: amina });
    await session.dial('3*0733200002*10');
    expect(await session.send('4826')).toBe('CON Send KES 10.00 to Baraka (+254733200002)?\n1. Confirm\n2. Cancel');

    const forged = (text: string) =>
      postHop(peer, { sessionId: session.sessionId, serviceCode: '*384*303#', phoneNumber: intruder, text });
    for (const text of ['', '3*0733200002*10*4826', '3*0733200002*10*4826*1', '9*1']) {
      const response = await forged(text);
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe('END This session belongs to another phone.');
    }

    expect(await balanceScreen(amina)).toMatch(/KES 100\.00/);
    expect(await balanceScreen(baraka)).toMatch(/KES 0\.00/);
    // Her session is where she left it: her own confirmation goes through, once.
    expect(await session.repeat()).toBe('CON Send KES 10.00 to Baraka (+254733200002)?\n1. Confirm\n2. Cancel');
    expect(await session.send('1')).toBe('END Sent KES 10.00 to Baraka. New balance: KES 90.00.');
    expect(await balanceScreen(baraka)).toMatch(/KES 10\.00/);
  });

  it('says so in the language of the session', async () => {
    const phone = '+254733200004';
    await registerByUssd(t.app, phone, { language: '2' });
    const session = gatewaySession(t.app, { phone });
    expect(await session.dial()).toMatch(/^CON /);
    const response = await postHop(t.app, {
      sessionId: session.sessionId,
      serviceCode: '*384*303#',
      phoneNumber: '+254733200005',
      text: '1',
    });
    expect(response.body).toBe('END Kipindi hiki ni cha simu nyingine.');
  });
});

describe('engine messages in the member language', () => {
  it('says too many requests, and another phone, in Kiswahili to a Kiswahili member', async () => {
    const mwana = '+254733200011';
    const owner = '+254733200012';
    await registerByUssd(t.app, owner);
    // Registration takes six hops; the dial after it (the seventh) leaves a caller card.
    const limited = await startTestApp({ RATE_LIMIT_HOPS: '7' });
    try {
      await registerByUssd(limited.app, mwana, { language: '2', name: 'Mwana Juma' });
      expect(await gatewaySession(limited.app, { phone: mwana }).dial()).toMatch(/^CON Karibu, Mwana/);
      expect(await gatewaySession(limited.app, { phone: mwana }).dial()).toBe(
        'END Maombi mengi mno. Subiri dakika moja kisha piga tena.',
      );
    } finally {
      await limited.close();
    }

    await registerByUssd(t.app, mwana, { language: '2', name: 'Mwana Juma' });
    const theirs = gatewaySession(t.app, { phone: owner });
    await theirs.dial();
    await gatewaySession(t.app, { phone: mwana }).dial();
    const intruding = gatewaySession(t.app, { phone: mwana, sessionId: theirs.sessionId });
    expect(await intruding.send('1')).toBe('END Kipindi hiki ni cha simu nyingine.');
  });
});
