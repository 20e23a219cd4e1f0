import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postHop } from './support/gateway.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const TOKEN = 'a-long-random-token-for-tests';
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ WEBHOOK_TOKEN: TOKEN });
});
afterAll(() => t.close());

const hop = {
  sessionId: 'ATUid_token',
  serviceCode: '*384*303#',
  phoneNumber: '+254755000001',
  networkCode: '63902',
  text: '',
};

describe('WEBHOOK_TOKEN', () => {
  it('refuses a gateway call without the token, or with a wrong one', async () => {
    expect((await postHop(t.app, hop)).statusCode).toBe(403);
    expect((await postHop(t.app, hop, 'wrong')).statusCode).toBe(403);
    expect((await postHop(t.app, hop, `${TOKEN}x`)).statusCode).toBe(403);
    expect(await t.redis.keys(`${t.redisPrefix}s:*`)).toEqual([]);
  });

  it('serves a gateway call with the token', async () => {
    const response = await postHop(t.app, hop, TOKEN);
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('CON Welcome! Karibu!\nChoose your language / Chagua lugha:\n1. English\n2. Kiswahili');
  });

  it('guards the end-of-session, payment and fake-provider routes too, and never the health checks', async () => {
    for (const url of [
      '/ussd/events',
      '/payments/mpesa/stk-result',
      '/payments/mpesa/b2c-result',
      '/payments/mpesa/b2c-timeout',
      '/airtime/status',
    ]) {
      expect((await t.app.inject({ method: 'POST', url, payload: {} })).statusCode, url).toBe(403);
    }
    expect((await t.app.inject({ method: 'GET', url: '/fake-provider' })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
