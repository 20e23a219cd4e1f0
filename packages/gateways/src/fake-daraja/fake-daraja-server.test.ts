import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stkPassword } from '../daraja/daraja-password.js';
import { type CallbackReceiver, startCallbackReceiver } from '../fakes/test-callback-receiver.js';
import { fakeDarajaDefaults } from './fake-daraja-defaults.js';
import { createFakeDaraja, type FakeDaraja, type FakeDarajaEvent } from './fake-daraja-server.js';

let fake: FakeDaraja;
let receiver: CallbackReceiver;
let baseUrl: string;
let events: FakeDarajaEvent[];

const basic = `Basic ${Buffer.from(`${fakeDarajaDefaults.consumerKey}:${fakeDarajaDefaults.consumerSecret}`).toString('base64')}`;

async function token(): Promise<string> {
  const response = await fetch(`${baseUrl}/oauth/v1/generate?grant_type=client_credentials`, {
    headers: { Authorization: basic },
  });
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

async function post(path: string, body: unknown, bearer?: string) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const timestamp = '20260116003005';
const stkBody = () => ({
  BusinessShortCode: 174379,
  Password: stkPassword('174379', fakeDarajaDefaults.passkey, timestamp),
  Timestamp: timestamp,
  TransactionType: 'CustomerPayBillOnline',
  Amount: '1',
  PartyA: '254722000000',
  PartyB: '174379',
  PhoneNumber: '254722000000',
  CallBackURL: `${receiver.url}/stk`,
  AccountReference: 'accountref',
  TransactionDesc: 'txndesc',
});

const b2cBody = () => ({
  OriginatorConversationID: 'key-1',
  InitiatorName: fakeDarajaDefaults.initiatorName,
  SecurityCredential: fakeDarajaDefaults.securityCredential,
  CommandID: 'BusinessPayment',
  Amount: 10,
  PartyA: '174379',
  PartyB: '254722000000',
  Remarks: 'Test remarks',
  QueueTimeOutURL: `${receiver.url}/timeout`,
  ResultURL: `${receiver.url}/result`,
  Occasion: 'Test',
});

beforeEach(async () => {
  events = [];
  receiver = await startCallbackReceiver();
  fake = createFakeDaraja({
    mode: 'approve',
    delayMs: 5,
    shortCode: '174379',
    callbackBackoffMs: 5,
    onEvent: (event) => events.push(event),
  });
  baseUrl = await fake.listen();
});

afterEach(async () => {
  await fake.close();
  await receiver.close();
});

describe('OAuth', () => {
  it('issues a token for the right Basic credentials, with expires_in as a string', async () => {
    const response = await fetch(`${baseUrl}/oauth/v1/generate?grant_type=client_credentials`, {
      headers: { Authorization: basic },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9]{28}$/),
      expires_in: '3599',
    });
  });

  it('refuses wrong credentials and other grant types with Daraja codes', async () => {
    const wrong = await fetch(`${baseUrl}/oauth/v1/generate?grant_type=client_credentials`, {
      headers: { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({
      errorCode: '400.008.01',
      errorMessage: 'Invalid Authentication passed',
    });

    const grant = await fetch(`${baseUrl}/oauth/v1/generate?grant_type=password`, {
      headers: { Authorization: basic },
    });
    expect(await grant.json()).toMatchObject({ errorCode: '400.008.02' });
  });
});

describe('STK push', () => {
  it("accepts Safaricom's sample request shape and answers like Daraja", async () => {
    const reply = await post('/mpesa/stkpush/v1/processrequest', stkBody(), await token());
    expect(reply).toEqual({
      status: 200,
      body: {
        MerchantRequestID: expect.stringMatching(/^\d{5}-\d{8}-1$/),
        CheckoutRequestID: expect.stringMatching(/^ws_CO_\d{24}$/),
        ResponseCode: '0',
        ResponseDescription: 'Success. Request accepted for processing',
        CustomerMessage: 'Success. Request accepted for processing',
      },
    });
  });

  it('wants a valid bearer token', async () => {
    expect(await post('/mpesa/stkpush/v1/processrequest', stkBody())).toMatchObject({
      status: 404,
      body: { errorCode: '404.001.03', errorMessage: 'Invalid Access Token', requestId: expect.any(String) },
    });
    expect((await post('/mpesa/stkpush/v1/processrequest', stkBody(), 'made-up')).status).toBe(404);
  });

  it.each([
    ['Amount', { Amount: 10.5 }],
    ['Amount', { Amount: '10.00' }],
    ['Amount', { Amount: 0 }],
    ['PartyA', { PartyA: '0722000000' }],
    ['PhoneNumber', { PhoneNumber: '+254722000000' }],
    ['CallBackURL', { CallBackURL: 'not a url' }],
    ['AccountReference', { AccountReference: 'THIRTEEN-CHAR' }],
    ['AccountReference', { AccountReference: undefined }],
    ['TransactionDesc', { TransactionDesc: 'fourteen chars' }],
    ['TransactionType', { TransactionType: 'PayBill' }],
    ['Timestamp', { Timestamp: '2026-01-16' }],
  ])('refuses an invalid %s with 400.002.02', async (field, change) => {
    const reply = await post('/mpesa/stkpush/v1/processrequest', { ...stkBody(), ...change }, await token());
    expect(reply).toMatchObject({
      status: 400,
      body: { errorCode: '400.002.02', errorMessage: `Bad Request - Invalid ${field}` },
    });
  });

  it('refuses a wrong Password or an unknown short code with 500.001.1001', async () => {
    const bearer = await token();
    const wrongPassword = await post(
      '/mpesa/stkpush/v1/processrequest',
      { ...stkBody(), Password: 'bm9wZQ==' },
      bearer,
    );
    expect(wrongPassword).toMatchObject({
      status: 500,
      body: { errorCode: '500.001.1001', errorMessage: 'Wrong credentials' },
    });
    const otherShortCode = await post(
      '/mpesa/stkpush/v1/processrequest',
      { ...stkBody(), BusinessShortCode: '600000' },
      bearer,
    );
    expect(otherShortCode.body).toMatchObject({ errorMessage: 'Merchant does not exist' });
  });

  it('refuses a body that is not JSON', async () => {
    const reply = await post('/mpesa/stkpush/v1/processrequest', '{"Amount":', await token());
    expect(reply).toMatchObject({ status: 400, body: { errorCode: '400.002.02' } });
  });
});

describe('B2C', () => {
  it.each([
    ['CommandID', { CommandID: 'Payment' }],
    ['Amount', { Amount: 10.5 }],
    ['PartyB', { PartyB: '254722' }],
    ['Remarks', { Remarks: '' }],
    ['ResultURL', { ResultURL: undefined }],
    ['InitiatorName', { InitiatorName: undefined }],
  ])('refuses an invalid %s', async (field, change) => {
    const reply = await post('/mpesa/b2c/v3/paymentrequest', { ...b2cBody(), ...change }, await token());
    expect(reply).toMatchObject({ status: 400, body: { errorMessage: `Bad Request - Invalid ${field}` } });
  });

  it('answers a repeated OriginatorConversationID with the first reply', async () => {
    const bearer = await token();
    const first = await post('/mpesa/b2c/v3/paymentrequest', b2cBody(), bearer);
    const second = await post('/mpesa/b2c/v3/paymentrequest', { ...b2cBody(), Amount: 20 }, bearer);
    expect(first.body).toEqual({
      ConversationID: expect.stringMatching(/^AG_\d{8}_[0-9a-f]{20}$/),
      OriginatorConversationID: 'key-1',
      ResponseCode: '0',
      ResponseDescription: 'Accept the service request successfully.',
    });
    expect(second.body).toEqual(first.body);
    await fake.settled();
    expect(receiver.received()).toHaveLength(1);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'payment.repeated', originatorConversationId: 'key-1' }),
    );
  });

  it('makes up an OriginatorConversationID when none is sent', async () => {
    const { OriginatorConversationID: _, ...body } = b2cBody();
    const reply = await post('/mpesa/b2c/v3/paymentrequest', body, await token());
    expect(reply.body.OriginatorConversationID).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('callback delivery', () => {
  it('retries a failing receiver with backoff and records the attempts', async () => {
    receiver.failNext(2, 503);
    await post('/mpesa/stkpush/v1/processrequest', stkBody(), await token());
    await fake.settled();

    expect(receiver.received()).toHaveLength(1);
    expect(fake.callbacks()).toEqual([
      expect.objectContaining({ url: `${receiver.url}/stk`, attempts: 3, delivered: true }),
    ]);
    expect(events.filter((event) => event.type.startsWith('callback.')).map((event) => event.type)).toEqual([
      'callback.retrying',
      'callback.retrying',
      'callback.delivered',
    ]);
  });

  it('gives up after the last attempt and says so', async () => {
    receiver.failNext(10, 500);
    await post('/mpesa/b2c/v3/paymentrequest', b2cBody(), await token());
    await fake.settled();
    expect(fake.callbacks()).toEqual([
      expect.objectContaining({ attempts: 4, delivered: false, lastOutcome: 'HTTP 500' }),
    ]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'callback.failed', attempts: 4 }));
  });

  it('applies a mode change to requests received afterwards', async () => {
    const bearer = await token();
    fake.setMode('manual');
    await post('/mpesa/stkpush/v1/processrequest', stkBody(), bearer);
    fake.setMode('decline');
    await post('/mpesa/stkpush/v1/processrequest', stkBody(), bearer);
    await fake.settled();
    expect(fake.pending()).toHaveLength(1);
    expect(receiver.received()).toEqual([
      expect.objectContaining({ body: { Body: { stkCallback: expect.objectContaining({ ResultCode: 1032 }) } } }),
    ]);
  });

  it('sends nothing after close, and leaves no timer behind', async () => {
    fake.setMode('approve');
    await post('/mpesa/stkpush/v1/processrequest', stkBody(), await token());
    await fake.close();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(receiver.received()).toHaveLength(0);
  });
});

it('answers unknown paths with 404.001.01 and records every request', async () => {
  const response = await fetch(`${baseUrl}/mpesa/unknown`);
  expect(response.status).toBe(404);
  expect(await response.json()).toMatchObject({ errorCode: '404.001.01' });
  expect(fake.requests()).toEqual([expect.objectContaining({ method: 'GET', path: '/mpesa/unknown', status: 404 })]);
});
