import { loadConfig } from '@sacco/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import {
  startTestApp,
  startTestService,
  TEST_PEPPER,
  TEST_REDIS_URL,
  type TestApp,
  type TestService,
} from './support/test-app.js';

// Real credentials that are never used: these apps are built, not started, so no provider is called.
const daraja = {
  DARAJA_CONSUMER_KEY: 'key',
  DARAJA_CONSUMER_SECRET: 'secret',
  DARAJA_SHORTCODE: '600000',
  DARAJA_PASSKEY: 'passkey',
  DARAJA_INITIATOR_NAME: 'api',
  DARAJA_SECURITY_CREDENTIAL: 'credential',
};
const africasTalking = {
  AT_USERNAME: 'sacco',
  AT_API_KEY: 'key',
  AT_VOICE_NUMBER: '+254711000000',
  // Real calls need the SACCO's own numbers, not the placeholders.
  IVR_SALES_DESTINATION: '+254711000100',
  IVR_SUPPORT_DESTINATION: '+254711000200',
  SUPPORT_PHONE: '0800 720 720',
};
const real = { ...daraja, ...africasTalking, PUBLIC_BASE_URL: 'https://ussd.example.com', FAKE_PROVIDERS: 'none' };

const readyz = async (t: TestApp) => (await t.app.inject({ method: 'GET', url: '/readyz' })).json();
const status = async (t: TestApp, method: 'GET' | 'POST', url: string) =>
  (await t.app.inject({ method, url })).statusCode;
/** Whether a route exists at all: Fastify's own 404 says `Route POST:/... not found`. */
const routed = async (t: TestApp, method: 'GET' | 'POST', url: string) =>
  !/^Route /.test((await t.app.inject({ method, url })).json().message ?? '');

describe('FAKE_PROVIDERS=all', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({ FAKE_PROVIDERS: 'all' });
  });
  afterAll(() => t.close());

  it('boots with every fake, and says so in the log and in /readyz', async () => {
    expect(t.service.providers.fakes.daraja).toBeDefined();
    expect(t.service.providers.fakes.sms).toBeDefined();
    const warning = t.logs.map((line) => JSON.parse(line)).find((line) => /FAKE PROVIDERS IN USE/.test(line.msg));
    expect(warning).toMatchObject({ level: 40, providers: { mobileMoney: 'fake', africasTalking: 'fake' } });
    expect(await readyz(t)).toMatchObject({
      status: 'ready',
      providers: { mobileMoney: 'fake', africasTalking: 'fake' },
    });
  });

  it('serves the fake-provider routes', async () => {
    expect(await status(t, 'GET', '/fake-provider')).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/fake-provider/payments/x/approve' })).json()).toMatchObject({
      message: 'nothing pending under x',
    });
    expect((await t.app.inject({ method: 'POST', url: '/fake-provider/airtime/x/approve' })).json()).toMatchObject({
      message: 'nothing pending under x',
    });
  });
});

describe('GET /fake-provider', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({ FAKE_PROVIDERS: 'all', FAKE_PAYMENTS: 'manual' });
  });
  afterAll(() => t.close());

  const state = async () => (await t.app.inject({ method: 'GET', url: '/fake-provider' })).json();

  it("tells all that the studio's gateway panel shows: amounts, outcomes, callback bodies, times", async () => {
    const { ports } = t.service.providers;
    const phone = '+254733400001';
    await ports.sms.send({ to: phone, text: 'Hello', idempotencyKey: 'panel-sms' });
    await ports.voice.call({ to: phone, idempotencyKey: 'panel-call' });
    await ports.airtime.send({ phone, amountMinor: 5_000n, currency: 'KES', idempotencyKey: 'panel-airtime' });
    const deposit = await ports.mobileMoney.requestDeposit({
      phone,
      amountMinor: 50_000n,
      currency: 'KES',
      reference: 'PANEL',
      description: 'Deposit',
      idempotencyKey: 'panel-deposit',
    });

    const before = await state();
    expect(before.sms).toEqual([expect.objectContaining({ to: phone, text: 'Hello', sentAt: expect.any(String) })]);
    expect(before.calls).toEqual([
      expect.objectContaining({ to: phone, providerSessionId: expect.any(String), calledAt: expect.any(String) }),
    ]);
    // Airtime in minor units (a bigint, sent as a string) with its currency, waiting for the operator.
    expect(before.airtime.pending).toEqual([
      expect.objectContaining({ phone, amountMinor: '5000', currency: 'KES', outcome: 'pending' }),
    ]);
    // Daraja's own amount: whole units.
    expect(before.payments.pending).toEqual([
      expect.objectContaining({ kind: 'deposit', amount: 500, phone: '254733400001', receivedAt: expect.any(String) }),
    ]);

    expect(
      (await t.app.inject({ method: 'POST', url: `/fake-provider/payments/${deposit.providerRequestId}/approve` }))
        .statusCode,
    ).toBe(200);
    // The callback is there whole: where it went, the body the service got, and whether it landed.
    await eventually(async () => {
      const [callback] = (await state()).payments.callbacks;
      expect(callback).toMatchObject({
        delivered: true,
        attempts: 1,
        url: expect.stringContaining('/payments/mpesa/stk-result'),
      });
      expect(callback.body.Body.stkCallback).toMatchObject({
        ResultCode: 0,
        CheckoutRequestID: deposit.providerRequestId,
      });
      expect(callback.body.Body.stkCallback.CallbackMetadata.Item).toContainEqual({ Name: 'Amount', Value: 500 });
    });
  });
});

describe('real providers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(real);
  });
  afterAll(() => t.close());

  it('reports them real in /readyz', async () => {
    expect(await readyz(t)).toMatchObject({ providers: { mobileMoney: 'real', africasTalking: 'real' } });
  });

  it('has no fake-provider routes at all', async () => {
    expect(await status(t, 'GET', '/fake-provider')).toBe(404);
    expect(await status(t, 'POST', '/fake-provider/payments/x/approve')).toBe(404);
    expect(await status(t, 'POST', '/fake-provider/airtime/x/decline')).toBe(404);
    expect(await routed(t, 'GET', '/fake-provider')).toBe(false);
    expect(await routed(t, 'POST', '/fake-provider/payments/x/approve')).toBe(false);
    expect(t.logs.join('\n')).not.toMatch(/FAKE/);
  });
});

describe("a fake mobile money beside the real Africa's Talking", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      ...real,
      ...Object.fromEntries(Object.keys(daraja).map((k) => [k, ''])),
      FAKE_PROVIDERS: 'mobile-money',
    });
  });
  afterAll(() => t.close());

  it('reports each as it is, and routes only the fake one', async () => {
    expect(await readyz(t)).toMatchObject({ providers: { mobileMoney: 'fake', africasTalking: 'real' } });
    expect(await status(t, 'GET', '/fake-provider')).toBe(200);
    expect(await routed(t, 'POST', '/fake-provider/airtime/x/approve')).toBe(false);
    expect(await routed(t, 'POST', '/fake-provider/payments/x/approve')).toBe(true);
  });
});

describe('a production config without credentials', () => {
  it('refuses to boot unless the fakes are chosen', () => {
    const production = {
      DATABASE_URL: 'postgres://127.0.0.1/sacco',
      REDIS_URL: TEST_REDIS_URL,
      PIN_PEPPER: TEST_PEPPER,
      WEBHOOK_TOKEN: TEST_PEPPER,
    };
    expect(() => loadConfig(production)).toThrow(/DARAJA_CONSUMER_KEY[\s\S]*AT_API_KEY[\s\S]*PUBLIC_BASE_URL/);
    expect(loadConfig({ ...production, FAKE_PROVIDERS: 'all' }).fakeProviders).toEqual([
      'mobile-money',
      'africastalking',
    ]);
  });
});
