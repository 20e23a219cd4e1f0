import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeDarajaDefaults } from '../fake-daraja/fake-daraja-defaults.js';
import { createFakeDaraja, type FakeDaraja, type FakeDarajaOptions } from '../fake-daraja/fake-daraja-server.js';
import { type CallbackReceiver, startCallbackReceiver } from '../fakes/test-callback-receiver.js';
import { type DepositRequest, type PayoutRequest, PermanentGatewayError, RequestNotSentError } from '../ports.js';
import { parseB2cResult, parseB2cTimeout, parseStkCallback, parseTransactionStatusResult } from './daraja-callbacks.js';
import { createDarajaMobileMoney, type DarajaMobileMoneyOptions } from './daraja-mobile-money.js';

const deposit: DepositRequest = {
  phone: '+254708374149',
  amountMinor: 150_000n,
  currency: 'KES',
  reference: 'SACCO-0042',
  description: 'Deposit to savings wallet',
  idempotencyKey: 'dep-1',
};

const payout: PayoutRequest = {
  phone: '+254711000111',
  amountMinor: 50_000n,
  currency: 'KES',
  remarks: 'Withdrawal',
  idempotencyKey: 'wd-7f3a',
};

let fake: FakeDaraja;
let receiver: CallbackReceiver;
let baseUrl: string;
let clock: Date;

async function startFake(options: Partial<FakeDarajaOptions> = {}) {
  fake = createFakeDaraja({ mode: 'approve', delayMs: 10, shortCode: fakeDarajaDefaults.shortCode, ...options });
  baseUrl = await fake.listen();
}

function adapter(overrides: Partial<DarajaMobileMoneyOptions> = {}) {
  return createDarajaMobileMoney({
    ...fakeDarajaDefaults,
    baseUrl,
    stkCallbackUrl: `${receiver.url}/mpesa/stk`,
    b2cResultUrl: `${receiver.url}/mpesa/b2c/result`,
    b2cTimeoutUrl: `${receiver.url}/mpesa/b2c/timeout`,
    statusResultUrl: `${receiver.url}/mpesa/status/result`,
    statusTimeoutUrl: `${receiver.url}/mpesa/status/timeout`,
    now: () => clock,
    ...overrides,
  });
}

const oauthRequests = () => fake.requests().filter((request) => request.path.startsWith('/oauth/'));

beforeEach(async () => {
  clock = new Date('2026-01-15T21:30:05Z');
  receiver = await startCallbackReceiver();
  await startFake();
});

afterEach(async () => {
  await fake.close();
  await receiver.close();
});

describe('requestDeposit (STK push)', () => {
  it('sends the documented request and resolves with the CheckoutRequestID', async () => {
    const { providerRequestId } = await adapter().requestDeposit(deposit);

    const push = fake.requests().find((request) => request.path === '/mpesa/stkpush/v1/processrequest');
    expect(push?.headers.authorization).toMatch(/^Bearer \S+$/);
    expect(push?.headers['content-type']).toBe('application/json');
    expect(push?.body).toEqual({
      BusinessShortCode: '174379',
      // base64('174379' + passkey + '20260116003005'): the timestamp is Nairobi time.
      Password: Buffer.from(`174379${fakeDarajaDefaults.passkey}20260116003005`).toString('base64'),
      Timestamp: '20260116003005',
      TransactionType: 'CustomerPayBillOnline',
      Amount: 1500,
      PartyA: '254708374149',
      PartyB: '174379',
      PhoneNumber: '254708374149',
      CallBackURL: `${receiver.url}/mpesa/stk`,
      AccountReference: 'SACCO-0042',
      TransactionDesc: 'Deposit to sa',
    });
    expect(providerRequestId).toMatch(/^ws_CO_\d+$/);
  });

  it('is paid through the callback Daraja posts to CallBackURL', async () => {
    const { providerRequestId } = await adapter().requestDeposit(deposit);
    const [callback] = await receiver.waitFor(1);

    expect(callback?.path).toBe('/mpesa/stk');
    expect(callback?.contentType).toBe('application/json');
    expect(parseStkCallback(callback?.body)).toMatchObject({
      kind: 'deposit',
      providerRequestId,
      succeeded: true,
      resultCode: '0',
      amountMinor: 150_000n,
      phone: '+254708374149',
      receipt: expect.stringMatching(/^[A-Z][A-Z0-9]{9}$/),
    });
  });

  it('asks for a token once and reuses it until shortly before expiry', async () => {
    const mobileMoney = adapter();
    await mobileMoney.requestDeposit(deposit);
    await mobileMoney.requestDeposit(deposit);
    expect(oauthRequests()).toHaveLength(1);
    const expected = `Basic ${Buffer.from(`${fakeDarajaDefaults.consumerKey}:${fakeDarajaDefaults.consumerSecret}`).toString('base64')}`;
    expect(oauthRequests()[0]?.headers.authorization).toBe(expected);
    expect(oauthRequests()[0]?.path).toBe('/oauth/v1/generate?grant_type=client_credentials');

    const issuedAt = clock.getTime();
    clock = new Date(issuedAt + 3_530_000); // expires_in is 3599 s: still more than a minute left
    await mobileMoney.requestDeposit(deposit);
    expect(oauthRequests()).toHaveLength(1);

    clock = new Date(issuedAt + 3_540_000); // within the last minute: refresh first
    await mobileMoney.requestDeposit(deposit);
    expect(oauthRequests()).toHaveLength(2);
  });

  it('shares one token request between concurrent calls', async () => {
    const mobileMoney = adapter();
    await Promise.all([mobileMoney.requestDeposit(deposit), mobileMoney.sendPayout(payout)]);
    expect(oauthRequests()).toHaveLength(1);
  });

  it('fetches a new token once when Daraja no longer knows the cached one', async () => {
    const mobileMoney = adapter();
    await mobileMoney.requestDeposit(deposit);
    fake.revokeTokens();

    await expect(mobileMoney.requestDeposit(deposit)).resolves.toHaveProperty('providerRequestId');
    expect(oauthRequests()).toHaveLength(2);
    expect(fake.requests().map((request) => request.status)).toEqual([200, 200, 404, 200, 200]);
  });

  it('refuses amounts M-Pesa cannot move before any request', async () => {
    const mobileMoney = adapter();
    const refusals = [
      { ...deposit, amountMinor: 150_050n },
      { ...deposit, amountMinor: 1n },
      { ...deposit, amountMinor: 0n },
      { ...deposit, currency: 'UGX' },
      { ...deposit, phone: '+256772000111' },
      { ...deposit, reference: 'REFERENCE-TOO-LONG' },
    ];
    for (const request of refusals) {
      await expect(mobileMoney.requestDeposit(request)).rejects.toBeInstanceOf(PermanentGatewayError);
    }
    await expect(mobileMoney.requestDeposit(refusals[0] as DepositRequest)).rejects.toThrow(/whole shillings/);
    expect(fake.requests()).toHaveLength(0);
  });

  it('reports a cancelled prompt with 1032 in decline mode', async () => {
    fake.setMode('decline');
    const { providerRequestId } = await adapter().requestDeposit(deposit);
    const [callback] = await receiver.waitFor(1);
    expect(parseStkCallback(callback?.body)).toMatchObject({
      providerRequestId,
      succeeded: false,
      resultCode: '1032',
      resultDescription: 'Request cancelled by user',
      amountMinor: undefined,
    });
  });
});

describe('sendPayout (B2C)', () => {
  it('sends the documented request with our idempotency key as OriginatorConversationID', async () => {
    const { providerRequestId } = await adapter().sendPayout(payout);

    const request = fake.requests().find((entry) => entry.path === '/mpesa/b2c/v3/paymentrequest');
    expect(request?.body).toEqual({
      OriginatorConversationID: 'wd-7f3a',
      InitiatorName: 'testapi',
      SecurityCredential: 'fake-security-credential',
      CommandID: 'BusinessPayment',
      Amount: 500,
      PartyA: '174379',
      PartyB: '254711000111',
      Remarks: 'Withdrawal',
      QueueTimeOutURL: `${receiver.url}/mpesa/b2c/timeout`,
      ResultURL: `${receiver.url}/mpesa/b2c/result`,
      Occasion: 'Withdrawal',
    });
    expect(providerRequestId).toMatch(/^AG_\d{8}_[0-9a-f]{20}$/);
  });

  it('is paid out through the result Daraja posts to ResultURL', async () => {
    const { providerRequestId } = await adapter().sendPayout(payout);
    const [callback] = await receiver.waitFor(1);
    expect(callback?.path).toBe('/mpesa/b2c/result');
    expect(parseB2cResult(callback?.body)).toMatchObject({
      kind: 'payout',
      providerRequestId,
      originatorId: 'wd-7f3a',
      succeeded: true,
      amountMinor: 50_000n,
      phone: '+254711000111',
      receipt: expect.stringMatching(/^[A-Z][A-Z0-9]{9}$/),
    });
  });

  it('gets the first ConversationID back for a repeated key, and only one callback', async () => {
    const mobileMoney = adapter();
    const first = await mobileMoney.sendPayout(payout);
    const again = await mobileMoney.sendPayout(payout);
    expect(again).toEqual(first);

    await fake.settled();
    expect(receiver.received()).toHaveLength(1);
    expect(fake.callbacks()).toHaveLength(1);
  });

  it('reports a failure code in decline mode', async () => {
    fake.setMode('decline');
    await adapter().sendPayout(payout);
    const [callback] = await receiver.waitFor(1);
    expect(parseB2cResult(callback?.body)).toMatchObject({
      succeeded: false,
      resultCode: '2001',
      resultDescription: 'The initiator information is invalid.',
    });
  });

  it('fails on M-Pesa side with 2001 when the initiator credentials are wrong', async () => {
    await adapter({ securityCredential: 'not-the-right-one' }).sendPayout(payout);
    const [callback] = await receiver.waitFor(1);
    expect(parseB2cResult(callback?.body)).toMatchObject({ succeeded: false, resultCode: '2001' });
  });

  it('refuses cents before any request', async () => {
    await expect(adapter().sendPayout({ ...payout, amountMinor: 50_001n })).rejects.toBeInstanceOf(
      PermanentGatewayError,
    );
    expect(fake.requests()).toHaveLength(0);
  });
});

describe('manual mode', () => {
  it('holds requests until an operator approves or declines them', async () => {
    fake.setMode('manual');
    const mobileMoney = adapter();
    const { providerRequestId: checkoutId } = await mobileMoney.requestDeposit(deposit);
    const { providerRequestId: conversationId } = await mobileMoney.sendPayout(payout);

    expect(fake.pending()).toEqual([
      expect.objectContaining({ kind: 'deposit', providerRequestId: checkoutId, phone: '254708374149', amount: 1500 }),
      expect.objectContaining({
        kind: 'payout',
        providerRequestId: conversationId,
        originatorConversationId: 'wd-7f3a',
      }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.received()).toHaveLength(0);

    expect(fake.decline(checkoutId)).toBe(true);
    expect(fake.approve(conversationId)).toBe(true);
    expect(fake.approve(conversationId)).toBe(false);
    expect(fake.pending()).toEqual([]);

    await receiver.waitFor(2);
    const byPath = new Map(receiver.received().map((callback) => [callback.path, callback.body]));
    expect(parseStkCallback(byPath.get('/mpesa/stk'))).toMatchObject({ succeeded: false, resultCode: '1032' });
    expect(parseB2cResult(byPath.get('/mpesa/b2c/result'))).toMatchObject({ succeeded: true, amountMinor: 50_000n });
  });

  it('can let a payout lapse: the queue-timeout notice goes to QueueTimeOutURL', async () => {
    fake.setMode('manual');
    const { providerRequestId } = await adapter().sendPayout(payout);
    expect(fake.timeOut(providerRequestId)).toBe(true);
    const [callback] = await receiver.waitFor(1);
    expect(callback?.path).toBe('/mpesa/b2c/timeout');
    expect(parseB2cTimeout(callback?.body)).toMatchObject({
      providerRequestId,
      originatorId: 'wd-7f3a',
      succeeded: false,
    });
  });
});

describe('errors', () => {
  it('turns a 4xx refusal into PermanentGatewayError with Daraja error code', async () => {
    await expect(adapter({ shortCode: '12' }).requestDeposit(deposit)).rejects.toMatchObject({
      name: 'PermanentGatewayError',
      providerCode: '400.002.02',
      message: expect.stringContaining('Invalid BusinessShortCode'),
    });
  });

  it('refuses wrong consumer credentials for good', async () => {
    await expect(adapter({ consumerSecret: 'wrong' }).requestDeposit(deposit)).rejects.toMatchObject({
      name: 'PermanentGatewayError',
      providerCode: '400.008.01',
    });
  });

  it('treats 5xx answers as transient, even "Wrong credentials" (500.001.1001)', async () => {
    const error = await adapter({ passkey: 'wrong' })
      .requestDeposit(deposit)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentGatewayError);
    expect((error as Error).message).toMatch(/500\.001\.1001 Wrong credentials/);
  });

  it('treats an unreachable Daraja as transient, and certainly not sent', async () => {
    await fake.close();
    const error = await adapter()
      .sendPayout(payout)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequestNotSentError);
    expect(error).not.toBeInstanceOf(PermanentGatewayError);
    expect((error as Error).message).toMatch(/Daraja was not reached for GET \/oauth\/v1\/generate.*ECONNREFUSED/);
  });

  it('retries nothing itself on 503, and refuses a non-zero ResponseCode for good', async () => {
    const replies = [
      new Response(JSON.stringify({ access_token: 't', expires_in: '3599' }), { status: 200 }),
      new Response('Service Unavailable', { status: 503 }),
      new Response(
        JSON.stringify({
          ConversationID: '',
          OriginatorConversationID: 'wd-7f3a',
          ResponseCode: '1',
          ResponseDescription: 'Rejected',
        }),
        {
          status: 200,
        },
      ),
    ];
    const stub: typeof fetch = async () => replies.shift() ?? new Response(null, { status: 500 });
    const mobileMoney = adapter({ fetch: stub });

    const transient = await mobileMoney.sendPayout(payout).catch((caught: unknown) => caught);
    expect(transient).not.toBeInstanceOf(PermanentGatewayError);
    expect((transient as Error).message).toMatch(/HTTP 503/);
    await expect(mobileMoney.sendPayout(payout)).rejects.toMatchObject({
      name: 'PermanentGatewayError',
      providerCode: '1',
    });
  });

  it('treats a request that outlives requestTimeoutMs as transient', async () => {
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    const error = await adapter({ fetch: hanging, requestTimeoutMs: 20 })
      .requestDeposit(deposit)
      .catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(PermanentGatewayError);
    expect((error as Error).message).toMatch(/did not answer GET \/oauth\/v1\/generate/);
  });

  it('gives up after one token refresh when the new token is refused too', async () => {
    let calls = 0;
    const stub: typeof fetch = async (input) => {
      calls += 1;
      return String(input).includes('/oauth/')
        ? new Response(JSON.stringify({ access_token: `t${calls}`, expires_in: 3599 }), { status: 200 })
        : new Response(
            JSON.stringify({ requestId: 'r', errorCode: '404.001.03', errorMessage: 'Invalid Access Token' }),
            {
              status: 404,
            },
          );
    };
    await expect(adapter({ fetch: stub }).requestDeposit(deposit)).rejects.toMatchObject({
      providerCode: '404.001.03',
    });
    expect(calls).toBe(4);
  });
});

describe('queryDeposit (STK Push Query)', () => {
  it('sends the documented query and reads pending, succeeded, failed and timed-out prompts', async () => {
    fake.setMode('manual');
    const mobileMoney = adapter();
    const { providerRequestId: paid } = await mobileMoney.requestDeposit(deposit);
    const { providerRequestId: cancelled } = await mobileMoney.requestDeposit(deposit);
    const { providerRequestId: lapsed } = await mobileMoney.requestDeposit(deposit);

    await expect(mobileMoney.queryDeposit({ providerRequestId: paid })).resolves.toEqual({
      state: 'pending',
      resultCode: '500.001.1001',
      description: 'The transaction is being processed',
    });
    const query = fake.requests().find((request) => request.path === '/mpesa/stkpushquery/v1/query');
    expect(query?.body).toEqual({
      BusinessShortCode: '174379',
      Password: Buffer.from(`174379${fakeDarajaDefaults.passkey}20260116003005`).toString('base64'),
      Timestamp: '20260116003005',
      CheckoutRequestID: paid,
    });

    fake.approve(paid);
    fake.decline(cancelled);
    fake.timeOut(lapsed);
    await expect(mobileMoney.queryDeposit({ providerRequestId: paid })).resolves.toEqual({
      state: 'succeeded',
      resultCode: '0',
      description: 'The service request is processed successfully.',
    });
    await expect(mobileMoney.queryDeposit({ providerRequestId: cancelled })).resolves.toEqual({
      state: 'failed',
      resultCode: '1032',
      description: 'Request cancelled by user',
    });
    await expect(mobileMoney.queryDeposit({ providerRequestId: lapsed })).resolves.toMatchObject({
      state: 'failed',
      resultCode: '1037',
    });
  });

  it('reads an unknown CheckoutRequestID as absent', async () => {
    await expect(adapter().queryDeposit({ providerRequestId: 'ws_CO_000000000000000000' })).resolves.toEqual({
      state: 'absent',
      resultCode: '400.002.02',
      description: 'Bad Request - Invalid CheckoutRequestID',
    });
  });

  it('throws for other answers: a refused password is not "pending"', async () => {
    const error = await adapter({ passkey: 'wrong' })
      .queryDeposit({ providerRequestId: 'ws_CO_1' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequestNotSentError);
    expect((error as Error).message).toMatch(/500\.001\.1001 Wrong credentials/);
  });
});

describe('queryPayout (Transaction Status)', () => {
  it('sends the documented query and the result comes back to statusResultUrl', async () => {
    const mobileMoney = adapter();
    const { providerRequestId: conversationId } = await mobileMoney.sendPayout(payout);
    const [paid] = await receiver.waitFor(1);
    const receipt = parseB2cResult(paid?.body).receipt;

    const { providerRequestId } = await mobileMoney.queryPayout({
      originatorConversationId: 'wd-7f3a',
      queryId: 'q-wd-7f3a-1',
    });
    expect(providerRequestId).toMatch(/^AG_/);
    const query = fake.requests().find((request) => request.path === '/mpesa/transactionstatus/v1/query');
    expect(query?.body).toEqual({
      Initiator: 'testapi',
      SecurityCredential: fakeDarajaDefaults.securityCredential,
      CommandID: 'TransactionStatusQuery',
      OriginalConversationID: 'wd-7f3a',
      OriginatorConversationID: 'q-wd-7f3a-1',
      PartyA: '174379',
      IdentifierType: '4',
      ResultURL: `${receiver.url}/mpesa/status/result`,
      QueueTimeOutURL: `${receiver.url}/mpesa/status/timeout`,
      Remarks: 'Payout status',
      Occasion: 'Payout status',
    });

    const [, result] = await receiver.waitFor(2);
    expect(result?.path).toBe('/mpesa/status/result');
    expect(parseTransactionStatusResult(result?.body)).toEqual({
      queryId: 'q-wd-7f3a-1',
      conversationId: providerRequestId,
      state: 'found',
      succeeded: true,
      resultCode: '0',
      description: 'The service request is processed successfully.',
      receipt,
      amountMinor: 50_000n,
      phone: '+254711000111',
    });
    expect(conversationId).not.toBe(providerRequestId);
  });

  it('learns that a payout M-Pesa never had is absent, and a pending one is not final', async () => {
    fake.setMode('manual');
    const mobileMoney = adapter();
    await mobileMoney.sendPayout(payout);
    await mobileMoney.queryPayout({ originatorConversationId: 'wd-7f3a', queryId: 'q-1' });
    await mobileMoney.queryPayout({ originatorConversationId: 'wd-unknown', queryId: 'q-2' });
    const results = (await receiver.waitFor(2)).map((callback) => parseTransactionStatusResult(callback.body));
    const byQuery = new Map(results.map((result) => [result.queryId, result]));
    expect(byQuery.get('q-1')).toMatchObject({ state: 'timeout', succeeded: false });
    expect(byQuery.get('q-2')).toMatchObject({ state: 'absent', succeeded: false, resultCode: '1' });
  });

  it('sees the contradiction: a queue timeout, then the payout completes', async () => {
    fake.setMode('manual');
    const mobileMoney = adapter();
    const { providerRequestId } = await mobileMoney.sendPayout(payout);
    fake.sendQueueTimeout(providerRequestId);
    const [notice] = await receiver.waitFor(1);
    expect(parseB2cTimeout(notice?.body)).toMatchObject({ providerRequestId, succeeded: false });
    fake.approve(providerRequestId);
    await receiver.waitFor(2);
    await mobileMoney.queryPayout({ originatorConversationId: 'wd-7f3a', queryId: 'q-after' });
    const [, , result] = await receiver.waitFor(3);
    expect(parseTransactionStatusResult(result?.body)).toMatchObject({ state: 'found', succeeded: true });
  });
});

describe('requests in doubt and requests never sent', () => {
  it('times out while the fake still took the push (replyDelayMs past requestTimeoutMs): a plain Error', async () => {
    await fake.close();
    await startFake({ mode: 'manual', replyDelayMs: 400 });
    const mobileMoney = adapter({ requestTimeoutMs: 200 });
    const error = await mobileMoney.requestDeposit(deposit).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(RequestNotSentError);
    expect(error).not.toBeInstanceOf(PermanentGatewayError);
    expect((error as Error).message).toMatch(/did not answer POST \/mpesa\/stkpush/);
    expect(fake.pending()).toEqual([expect.objectContaining({ kind: 'deposit', phone: '254708374149' })]);
  });

  it('loses a dropped reply: a plain Error, though the payout was taken', async () => {
    fake.setMode('manual');
    const mobileMoney = adapter();
    await mobileMoney.requestDeposit(deposit);
    fake.dropNextReplies(1);
    const error = await mobileMoney.sendPayout(payout).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(RequestNotSentError);
    expect(fake.pending().map((payment) => payment.kind)).toEqual(['deposit', 'payout']);
    // Asking again with the same key learns the ConversationID.
    await expect(mobileMoney.sendPayout(payout)).resolves.toEqual({
      providerRequestId: fake.pending()[1]?.providerRequestId,
    });
  });

  it('throws RequestNotSentError when the port is closed, even with a token in hand', async () => {
    const mobileMoney = adapter();
    await mobileMoney.requestDeposit(deposit);
    await fake.close();
    // Let the client see its pooled connection closed: writing onto a socket the server has
    // just destroyed is a reset after sending, which stays in doubt.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const error = await mobileMoney.sendPayout(payout).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequestNotSentError);
    expect((error as Error).message).toMatch(/not reached for POST \/mpesa\/b2c\/v3\/paymentrequest.*ECONNREFUSED/);
  });

  it('throws RequestNotSentError when no token could be had, whatever the reason', async () => {
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    const error = await adapter({ fetch: hanging, requestTimeoutMs: 20 })
      .sendPayout(payout)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequestNotSentError);
    expect((error as Error).message).toMatch(/B2C payment not sent: no access token/);
  });

  it("reads Daraja's own error body on a 5xx as not accepted, a bare 5xx as in doubt", async () => {
    const replies = [
      new Response(JSON.stringify({ access_token: 't', expires_in: '3599' }), { status: 200 }),
      new Response(
        JSON.stringify({ requestId: 'r', errorCode: '500.003.02', errorMessage: 'Spike Arrest Violation' }),
        { status: 500 },
      ),
      new Response('Bad Gateway', { status: 502 }),
    ];
    const stub: typeof fetch = async () => replies.shift() ?? new Response(null, { status: 500 });
    const mobileMoney = adapter({ fetch: stub });
    await expect(mobileMoney.sendPayout(payout)).rejects.toBeInstanceOf(RequestNotSentError);
    const bare = await mobileMoney.sendPayout(payout).catch((caught: unknown) => caught);
    expect(bare).toBeInstanceOf(Error);
    expect(bare).not.toBeInstanceOf(RequestNotSentError);
  });
});
