import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balanceScreen as balanceOf, depositedMember as deposited } from './support/deposits.js';
import { gatewaySession, registerByUssd } from './support/gateway.js';
import { startTestService, type TestService } from './support/test-app.js';

let t: TestService;
beforeAll(async () => {
  t = await startTestService({ RATE_LIMIT_HOPS: '100000' });
});
afterAll(() => t.close());

const balanceScreen = (phone: string) => balanceOf(t.app, phone);

const depositedMember = (phone: string, amount: string, name?: string) => deposited(t.app, phone, amount, name);

/** The gateway's session store forgetting a session, as its time to live does. */
async function expire(sessionId: string) {
  const key = `${t.redisPrefix}{ussd:${Buffer.from(sessionId).toString('base64url')}}:s`;
  expect(await t.redis.del(key)).toBe(1);
}

describe('idempotency keys of USSD movements', () => {
  it('a session id reused by another member after expiry moves her money, and claims nothing that did not happen', async () => {
    const amina = '+254744300001';
    const baraka = '+254744300002';
    const chebet = '+254744300003';
    await depositedMember(amina, '100', 'Amina Ali');
    await depositedMember(baraka, '50', 'Baraka Otieno');
    await registerByUssd(t.app, chebet, { name: 'Chebet Kip' });
    const sessionId = 'ATUid_reused_1';

    const first = gatewaySession(t.app, { phone: amina, sessionId });
    await first.dial('3*0744300003*3');
    expect(await first.send('4826')).toBe('CON Send KES 3.00 to Chebet (+254744300003)?\n1. Confirm\n2. Cancel');
    expect(await first.send('1')).toBe('END Sent KES 3.00 to Chebet. New balance: KES 97.00.');
    await expire(sessionId);

    const second = gatewaySession(t.app, { phone: baraka, sessionId });
    await second.dial('3*0744300003*3');
    expect(await second.send('4826')).toBe('CON Send KES 3.00 to Chebet (+254744300003)?\n1. Confirm\n2. Cancel');
    expect(await second.send('1')).toBe('END Sent KES 3.00 to Chebet. New balance: KES 47.00.');

    expect(await balanceScreen(amina)).toMatch(/KES 97\.00/);
    expect(await balanceScreen(baraka)).toMatch(/KES 47\.00/);
    expect(await balanceScreen(chebet)).toMatch(/KES 6\.00/);
  });
});
