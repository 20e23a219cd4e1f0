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

  it('records when each callback went out and which request it answers, a declined one too', async () => {
    fake.setMode('decline');
    const before = Date.now();
    const { body } = await post('/mpesa/stkpush/v1/processrequest', stkBody(), await token());
    await fake.settled();
    const [record] = fake.callbacks();
    // A failure's body carries no amount or phone: the record's subject does.
    expect(JSON.stringify(record?.body)).not.toContain('254722000000');
    expect(record?.subject).toEqual({
      kind: 'deposit',
      providerRequestId: body.CheckoutRequestID,
      phone: '254722000000',
      amount: 1,
    });
    expect(record?.sentAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(record?.sentAt.getTime()).toBeLessThanOrEqual(Date.now());
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

const stkQueryBody = (checkoutRequestId: string) => ({
  BusinessShortCode: '174379',
  Password: stkPassword('174379', fakeDarajaDefaults.passkey, timestamp),
  Timestamp: timestamp,
  CheckoutRequestID: checkoutRequestId,
});

const statusBody = (change: Record<string, unknown> = {}) => ({
  Initiator: fakeDarajaDefaults.initiatorName,
  SecurityCredential: fakeDarajaDefaults.securityCredential,
  CommandID: 'TransactionStatusQuery',
  OriginalConversationID: 'key-1',
  OriginatorConversationID: 'query-1',
  PartyA: '174379',
  IdentifierType: '4',
  ResultURL: `${receiver.url}/status/result`,
  QueueTimeOutURL: `${receiver.url}/status/timeout`,
  Remarks: 'Payout status',
  Occasion: 'Payout status',
  ...change,
});

const STK_QUERY = '/mpesa/stkpushquery/v1/query';
const STATUS = '/mpesa/transactionstatus/v1/query';

async function pushOne(bearer: string, phone = '254722000000') {
  const reply = await post(
    '/mpesa/stkpush/v1/processrequest',
    { ...stkBody(), PartyA: phone, PhoneNumber: phone },
    bearer,
  );
  return reply.body.CheckoutRequestID as string;
}

describe('STK Push Query', () => {
  it('answers an open prompt with 500.001.1001 "being processed", then with the settled ResultCode', async () => {
    fake.setMode('manual');
    const bearer = await token();
    const approved = await pushOne(bearer);
    const declined = await pushOne(bearer);
    const lapsed = await pushOne(bearer);

    const open = await post(STK_QUERY, stkQueryBody(approved), bearer);
    expect(open).toMatchObject({
      status: 500,
      body: { errorCode: '500.001.1001', errorMessage: 'The transaction is being processed' },
    });
    expect(open.body.requestId).toEqual(expect.any(String));

    fake.approve(approved);
    fake.decline(declined);
    fake.timeOut(lapsed);
    const paid = await post(STK_QUERY, stkQueryBody(approved), bearer);
    expect(paid).toEqual({
      status: 200,
      body: {
        ResponseCode: '0',
        ResponseDescription: expect.any(String),
        MerchantRequestID: expect.stringMatching(/^\d{5}-\d{8}-1$/),
        CheckoutRequestID: approved,
        ResultCode: '0',
        ResultDesc: 'The service request is processed successfully.',
      },
    });
    expect((await post(STK_QUERY, stkQueryBody(declined), bearer)).body).toMatchObject({
      ResultCode: '1032',
      ResultDesc: 'Request cancelled by user',
    });
    expect((await post(STK_QUERY, stkQueryBody(lapsed), bearer)).body).toMatchObject({ ResultCode: '1037' });
  });

  it('answers an unknown CheckoutRequestID with 400.002.02 Invalid CheckoutRequestID', async () => {
    const reply = await post(STK_QUERY, stkQueryBody('ws_CO_000000000000000000'), await token());
    expect(reply).toMatchObject({
      status: 400,
      body: { errorCode: '400.002.02', errorMessage: 'Bad Request - Invalid CheckoutRequestID' },
    });
  });

  it('checks the token, the Password and the fields as for the push', async () => {
    expect((await post(STK_QUERY, stkQueryBody('ws_CO_1'))).status).toBe(404);
    const bearer = await token();
    const wrong = await post(STK_QUERY, { ...stkQueryBody('ws_CO_1'), Password: 'bm9wZQ==' }, bearer);
    expect(wrong).toMatchObject({ status: 500, body: { errorMessage: 'Wrong credentials' } });
    const missing = await post(STK_QUERY, { ...stkQueryBody('ws_CO_1'), CheckoutRequestID: undefined }, bearer);
    expect(missing).toMatchObject({ status: 400, body: { errorMessage: 'Bad Request - Invalid CheckoutRequestID' } });
    const timestampless = await post(STK_QUERY, { ...stkQueryBody('ws_CO_1'), Timestamp: '2026' }, bearer);
    expect(timestampless).toMatchObject({ status: 400, body: { errorMessage: 'Bad Request - Invalid Timestamp' } });
  });
});

describe('manual STK pushes', () => {
  it('delivers one success per approved push for the same phone, each with its own ids and receipt', async () => {
    fake.setMode('manual');
    const bearer = await token();
    const first = await pushOne(bearer);
    const second = await pushOne(bearer);
    expect(first).not.toBe(second);
    expect(fake.approve(second)).toBe(true);
    expect(fake.approve(first)).toBe(true);
    const received = await receiver.waitFor(2);
    const callbacks = received.map(
      (entry) => (entry.body as { Body: { stkCallback: Record<string, unknown> } }).Body.stkCallback,
    );
    expect(callbacks.map((callback) => callback.CheckoutRequestID)).toEqual([second, first]);
    expect(callbacks.every((callback) => callback.ResultCode === 0)).toBe(true);
    const receipts = callbacks.map(
      (callback) =>
        (callback.CallbackMetadata as { Item: Array<{ Name: string; Value: unknown }> }).Item.find(
          (item) => item.Name === 'MpesaReceiptNumber',
        )?.Value,
    );
    expect(new Set(receipts).size).toBe(2);
  });
});

describe('Transaction Status', () => {
  it('acknowledges at once, then posts a Completed result for a paid payout', async () => {
    const bearer = await token();
    const payout = await post('/mpesa/b2c/v3/paymentrequest', b2cBody(), bearer);
    await fake.settled();
    const paid = receiver.received()[0]?.body as { Result: { TransactionID: string } };

    const ack = await post(STATUS, statusBody(), bearer);
    expect(ack).toEqual({
      status: 200,
      body: {
        OriginatorConversationID: 'query-1',
        ConversationID: expect.stringMatching(/^AG_/),
        ResponseCode: '0',
        ResponseDescription: 'Accept the service request successfully.',
      },
    });
    const [, result] = await receiver.waitFor(2);
    expect(result?.path).toBe('/status/result');
    const body = result?.body as { Result: Record<string, unknown> };
    expect(body.Result).toMatchObject({
      ResultCode: 0,
      OriginatorConversationID: 'query-1',
      ConversationID: ack.body.ConversationID,
      TransactionID: paid.Result.TransactionID,
    });
    const parameters = (body.Result.ResultParameters as { ResultParameter: Array<{ Key: string; Value: unknown }> })
      .ResultParameter;
    const value = (key: string) => parameters.find((parameter) => parameter.Key === key)?.Value;
    expect(value('TransactionStatus')).toBe('Completed');
    expect(value('ReceiptNo')).toBe(paid.Result.TransactionID);
    expect(value('Amount')).toBe('10');
    expect(value('CreditPartyName')).toBe('254722000000 - Fake Customer');
    expect(value('ConversationID')).toBe(payout.body.ConversationID);
  });

  it('finds a payout by its receipt too', async () => {
    const bearer = await token();
    await post('/mpesa/b2c/v3/paymentrequest', b2cBody(), bearer);
    await fake.settled();
    const paid = receiver.received()[0]?.body as { Result: { TransactionID: string } };
    const receipt = paid.Result.TransactionID;
    await post(STATUS, statusBody({ OriginalConversationID: undefined, TransactionID: receipt }), bearer);
    const [, result] = await receiver.waitFor(2);
    expect(JSON.stringify(result?.body)).toContain('"Completed"');
  });

  it('reports a failed payout as Failed, a pending one as Pending, an unknown one with ResultCode 1', async () => {
    fake.setMode('manual');
    const bearer = await token();
    const failed = await post(
      '/mpesa/b2c/v3/paymentrequest',
      { ...b2cBody(), OriginatorConversationID: 'key-f' },
      bearer,
    );
    await post('/mpesa/b2c/v3/paymentrequest', { ...b2cBody(), OriginatorConversationID: 'key-p' }, bearer);
    fake.decline(failed.body.ConversationID as string);
    await fake.settled();
    const before = receiver.received().length;

    await post(STATUS, statusBody({ OriginalConversationID: 'key-f', OriginatorConversationID: 'q-f' }), bearer);
    await post(STATUS, statusBody({ OriginalConversationID: 'key-p', OriginatorConversationID: 'q-p' }), bearer);
    await post(STATUS, statusBody({ OriginalConversationID: 'key-x', OriginatorConversationID: 'q-x' }), bearer);
    await fake.settled();
    const results = receiver
      .received()
      .slice(before)
      .map((entry) => (entry.body as { Result: Record<string, unknown> }).Result);
    const byQuery = new Map(results.map((result) => [result.OriginatorConversationID, result]));
    expect(JSON.stringify(byQuery.get('q-f'))).toContain('"Value":"Failed"');
    expect(JSON.stringify(byQuery.get('q-p'))).toContain('"Value":"Pending"');
    expect(byQuery.get('q-x')).toMatchObject({ ResultCode: 1, ResultDesc: 'The transaction could not be found.' });
  });

  it('refuses a query without TransactionID or OriginalConversationID, and fails wrong initiators with 2001', async () => {
    const bearer = await token();
    const neither = await post(STATUS, statusBody({ OriginalConversationID: undefined }), bearer);
    expect(neither).toMatchObject({ status: 400, body: { errorMessage: 'Bad Request - Invalid TransactionID' } });
    const command = await post(STATUS, statusBody({ CommandID: 'Status' }), bearer);
    expect(command).toMatchObject({ status: 400, body: { errorMessage: 'Bad Request - Invalid CommandID' } });

    await post(STATUS, statusBody({ SecurityCredential: 'wrong' }), bearer);
    const [result] = await receiver.waitFor(1);
    expect(result?.body).toMatchObject({ Result: { ResultCode: 2001, OriginatorConversationID: 'query-1' } });
  });
});

describe('replies that do not arrive', () => {
  it('writes payment replies replyDelayMs after the request took effect', async () => {
    fake.setMode('manual');
    fake.setReplyDelay(150);
    const bearer = await token();
    const started = Date.now();
    const reply = await post('/mpesa/stkpush/v1/processrequest', stkBody(), bearer);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(fake.pending()).toEqual([expect.objectContaining({ providerRequestId: reply.body.CheckoutRequestID })]);
  });

  it('drops the next STK push and B2C replies after the request took effect', async () => {
    fake.setMode('manual');
    fake.dropNextReplies(2);
    const bearer = await token();
    await expect(post('/mpesa/stkpush/v1/processrequest', stkBody(), bearer)).rejects.toThrow();
    await expect(post('/mpesa/b2c/v3/paymentrequest', b2cBody(), bearer)).rejects.toThrow();
    expect(fake.pending().map((payment) => payment.kind)).toEqual(['deposit', 'payout']);
    expect(events.filter((event) => event.type === 'reply.dropped')).toHaveLength(2);
    // The third gets its reply; the repeated B2C key gets the first ConversationID.
    const again = await post('/mpesa/b2c/v3/paymentrequest', b2cBody(), bearer);
    expect(again.body.ConversationID).toBe(fake.pending()[1]?.providerRequestId);
  });

  it('posts a queue-timeout notice for a pending payout and can still pay it afterwards', async () => {
    fake.setMode('manual');
    const bearer = await token();
    const payout = await post('/mpesa/b2c/v3/paymentrequest', b2cBody(), bearer);
    const id = payout.body.ConversationID as string;
    expect(fake.sendQueueTimeout(id)).toBe(true);
    const [notice] = await receiver.waitFor(1);
    expect(notice).toMatchObject({ path: '/timeout', body: { Result: { ConversationID: id, ResultCode: 1 } } });
    expect(fake.pending()).toHaveLength(1);
    expect(fake.approve(id)).toBe(true);
    const [, result] = await receiver.waitFor(2);
    expect(result).toMatchObject({ path: '/result', body: { Result: { ConversationID: id, ResultCode: 0 } } });
    expect(fake.sendQueueTimeout(id)).toBe(false);
  });
});
