import { createOperationsService } from '@sacco/bank';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { airtimeStatus, b2cSuccess, stkSuccess } from './support/daraja-bodies.js';
import { eventually } from './support/eventually.js';
import { fundedMember } from './support/funded-member.js';
import { gatewaySession } from './support/gateway.js';
import { startTestService, type TestService } from './support/test-app.js';

// Payments meeting a slow, silent or self-contradicting provider, through the real routes, the
// real outbox and resolver, the in-process fake Daraja over HTTP, and the real PostgreSQL.

const FAST = {
  RATE_LIMIT_HOPS: '100000',
  FAKE_PAYMENTS: 'manual',
  PAYMENT_CHECK_INTERVAL_MS: '100',
  PAYMENT_PROMPT_WINDOW_SECONDS: '2',
};

/** The value, or a failed test when there is none. */
function defined<T>(value: T | undefined | null): T {
  if (value === undefined || value === null) throw new Error('expected a value');
  return value;
}

const msisdn = (phone: string) => phone.slice(1);

async function paymentOf(t: TestService, phone: string, kind: string) {
  return t.database.db
    .selectFrom('payments')
    .selectAll()
    .where('phone', '=', phone)
    .where('kind', '=', kind as never)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
}

const resultsOf = (t: TestService, paymentId: string) =>
  t.database.db
    .selectFrom('provider_results')
    .select(['operation', 'outcome', 'source', 'detail'])
    .where('payment_id', '=', paymentId)
    .orderBy('id')
    .execute();

function post(t: TestService, url: string, body: unknown) {
  return t.app.inject({ method: 'POST', url, payload: body as Record<string, unknown> });
}

async function suspenseBalance(t: TestService): Promise<bigint> {
  const row = await t.database.db
    .selectFrom('accounts')
    .select('balance')
    .where('code', '=', 'suspense')
    .executeTakeFirst();
  return row?.balance ?? 0n;
}

async function expectLedgerHolds(t: TestService) {
  const broken = (await createOperationsService({ db: t.database.db }).auditLedger()).filter(
    (check) => check.count > 0,
  );
  expect(broken).toEqual([]);
}

describe('a deposit when Daraja answers after our timeout', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({ ...FAST, DARAJA_TIMEOUT_MS: '300', FAKE_DARAJA_REPLY_DELAY_MS: '700' });
  });
  afterAll(() => t.close());
  const daraja = () => defined(t.service.providers.fakes.daraja);
  const pushesTo = (phone: string) =>
    daraja()
      .requests()
      .filter((r) => r.path.includes('stkpush/v1/processrequest') && JSON.stringify(r.body).includes(msisdn(phone)));

  it('is in doubt, is never prompted again, and credits exactly what the member approved', async () => {
    const phone = '+254733100001';
    const member = await fundedMember(t, phone, 0n);
    await gatewaySession(t.app, { phone }).dial('1*250');
    await gatewaySession(t.app, { phone }).dial('1*250*1');
    await eventually(async () => expect((await paymentOf(t, phone, 'deposit')).status).toBe('in_doubt'));
    // Long enough for a blind re-send to have happened, and for the resolver to have run often.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(pushesTo(phone)).toHaveLength(1);

    const prompt = daraja()
      .pending()
      .find((p) => p.phone === msisdn(phone));
    expect(prompt).toBeDefined();
    daraja().approve(defined(prompt).providerRequestId);
    await eventually(async () => expect(await member.balance()).toBe(25_000n));
    const payment = await paymentOf(t, phone, 'deposit');
    expect(payment.status).toBe('succeeded');
    expect(await resultsOf(t, payment.id)).toContainEqual(
      expect.objectContaining({ operation: 'stk-result', outcome: 'applied' }),
    );
    expect(pushesTo(phone)).toHaveLength(1);
    await expectLedgerHolds(t);
  });

  it('with the reply lost altogether, likewise credits the one approved prompt once', async () => {
    const phone = '+254733100002';
    const member = await fundedMember(t, phone, 0n);
    daraja().setReplyDelay(0);
    daraja().dropNextReplies(1);
    await gatewaySession(t.app, { phone }).dial('1*260*1');
    await eventually(async () => expect((await paymentOf(t, phone, 'deposit')).status).toBe('in_doubt'));
    const prompt = daraja()
      .pending()
      .find((p) => p.phone === msisdn(phone));
    daraja().approve(defined(prompt).providerRequestId);
    // The same result delivered twice more changes nothing.
    await eventually(async () => expect(await member.balance()).toBe(26_000n));
    const replay = stkSuccess(defined(prompt).providerRequestId, 260, msisdn(phone), 'RKX0000001');
    expect((await post(t, '/payments/mpesa/stk-result', replay)).statusCode).toBe(200);
    expect((await post(t, '/payments/mpesa/stk-result', replay)).statusCode).toBe(200);
    expect(await member.balance()).toBe(26_000n);
    expect(pushesTo(phone)).toHaveLength(1);
    daraja().setReplyDelay(700);
  });

  it('goes to an operator when nobody approves, since a prompt without its id cannot be asked about', async () => {
    const phone = '+254733100003';
    const member = await fundedMember(t, phone, 0n);
    await gatewaySession(t.app, { phone }).dial('1*300*1');
    await eventually(async () => expect((await paymentOf(t, phone, 'deposit')).needs_operator).toBe(true), 8_000);
    const payment = await paymentOf(t, phone, 'deposit');
    expect(payment.status).toBe('in_doubt');
    expect(payment.doubt_reason).toMatch(/cannot be asked/);
    expect(await member.balance()).toBe(0n);
    expect(pushesTo(phone)).toHaveLength(1);
  });
});

describe('payouts and deposits when the provider contradicts itself', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService(FAST);
  });
  afterAll(() => t.close());
  const daraja = () => defined(t.service.providers.fakes.daraja);
  const pendingFor = async (phone: string, kind: 'deposit' | 'payout') =>
    eventually(async () => {
      const found = daraja()
        .pending()
        .find((p) => p.phone === msisdn(phone) && p.kind === kind);
      expect(found).toBeDefined();
      return defined(found);
    });

  it('a B2C queue timeout followed by the success debits the wallet exactly once', async () => {
    const phone = '+254733200001';
    const member = await fundedMember(t, phone, 1_000n);
    await gatewaySession(t.app, { phone }).dial('2*100*4826*1');
    const payout = await pendingFor(phone, 'payout');
    daraja().sendQueueTimeout(payout.providerRequestId);
    await eventually(async () => expect((await paymentOf(t, phone, 'payout')).status).toBe('in_doubt'));
    // In doubt is not failed: the hold stays where it is while the resolver asks.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await member.balance()).toBe(90_000n);
    expect((await paymentOf(t, phone, 'payout')).status).toBe('in_doubt');

    daraja().approve(payout.providerRequestId);
    await eventually(async () => expect((await paymentOf(t, phone, 'payout')).status).toBe('succeeded'));
    expect(await member.balance()).toBe(90_000n);
    const sms = (t.service.providers.fakes.sms?.sent() ?? []).filter((m) => m.to === phone).map((m) => m.text);
    expect(sms.some((text) => text.includes('returned to your account'))).toBe(false);
    await expectLedgerHolds(t);
  });

  it('a payout success after its failure goes to suspense, loudly, and the wallet keeps its refund', async () => {
    const phone = '+254733200002';
    const member = await fundedMember(t, phone, 1_000n);
    await gatewaySession(t.app, { phone }).dial('2*100*4826*1');
    const payout = await pendingFor(phone, 'payout');
    daraja().decline(payout.providerRequestId);
    await eventually(async () => expect(await member.balance()).toBe(100_000n));
    const before = await suspenseBalance(t);

    const late = b2cSuccess(
      { conversationId: payout.providerRequestId, originatorConversationId: payout.originatorConversationId },
      100,
      msisdn(phone),
      'RKX0000002',
    );
    expect((await post(t, '/payments/mpesa/b2c-result', late)).statusCode).toBe(200);
    expect(await member.balance()).toBe(100_000n);
    // Money left our M-Pesa account that we had refunded: suspense holds it to recover.
    expect((await suspenseBalance(t)) - before).toBe(10_000n);
    const payment = await paymentOf(t, phone, 'payout');
    expect(await resultsOf(t, payment.id)).toContainEqual(expect.objectContaining({ outcome: 'suspense' }));
    expect(t.logs.some((line) => line.includes('"alert":"payment-suspense"'))).toBe(true);
    // The same result again is a duplicate: suspense moves once.
    await post(t, '/payments/mpesa/b2c-result', late);
    expect((await suspenseBalance(t)) - before).toBe(10_000n);
    await expectLedgerHolds(t);
  });

  it('a deposit success after a decline goes to suspense with an alert, not silently nowhere', async () => {
    const phone = '+254733200003';
    const member = await fundedMember(t, phone, 0n);
    await gatewaySession(t.app, { phone }).dial('1*200*1');
    const prompt = await pendingFor(phone, 'deposit');
    daraja().decline(prompt.providerRequestId);
    await eventually(async () => expect((await paymentOf(t, phone, 'deposit')).status).toBe('failed'));
    const before = await suspenseBalance(t);
    const late = stkSuccess(prompt.providerRequestId, 200, msisdn(phone), 'RKX0000003');
    expect((await post(t, '/payments/mpesa/stk-result', late)).statusCode).toBe(200);
    expect(await member.balance()).toBe(0n);
    expect((await suspenseBalance(t)) - before).toBe(-20_000n);
    expect(t.logs.some((line) => line.includes('"alert":"payment-suspense"'))).toBe(true);
    await expectLedgerHolds(t);
  });

  it('a deposit success without the payer phone is suspicious and credits nothing', async () => {
    const phone = '+254733200004';
    const member = await fundedMember(t, phone, 0n);
    await gatewaySession(t.app, { phone }).dial('1*150*1');
    const prompt = await pendingFor(phone, 'deposit');
    await eventually(async () => expect((await paymentOf(t, phone, 'deposit')).provider_request_id).not.toBeNull());
    const forged = stkSuccess(prompt.providerRequestId, 150, undefined, 'RKX0000004');
    expect((await post(t, '/payments/mpesa/stk-result', forged)).statusCode).toBe(200);
    expect(await member.balance()).toBe(0n);
    const payment = await paymentOf(t, phone, 'deposit');
    expect(payment.status).toBe('pending');
    expect(await resultsOf(t, payment.id)).toContainEqual(
      expect.objectContaining({ outcome: 'suspicious', detail: 'a success without phone' }),
    );
  });

  it('a payout result must name the payout by both ids', async () => {
    const phone = '+254733200005';
    const member = await fundedMember(t, phone, 1_000n);
    await gatewaySession(t.app, { phone }).dial('2*100*4826*1');
    const payout = await pendingFor(phone, 'payout');
    await eventually(async () => expect((await paymentOf(t, phone, 'payout')).provider_request_id).not.toBeNull());
    // Our OriginatorConversationID with a ConversationID that is not this payout's: kept, moves nothing.
    const wrongConversation = b2cSuccess(
      { conversationId: 'AG_20261201_forged', originatorConversationId: payout.originatorConversationId },
      100,
      msisdn(phone),
      'RKX0000005',
    );
    await post(t, '/payments/mpesa/b2c-result', wrongConversation);
    // The right ConversationID without our id is not a Daraja result at all; with another id, suspicious.
    const noOriginator = b2cSuccess(
      { conversationId: payout.providerRequestId, originatorConversationId: undefined },
      100,
      msisdn(phone),
      'RKX0000006',
    );
    expect((await post(t, '/payments/mpesa/b2c-result', noOriginator)).statusCode).toBe(400);
    const otherOriginator = b2cSuccess(
      { conversationId: payout.providerRequestId, originatorConversationId: 'ussd:another-payment' },
      100,
      msisdn(phone),
      'RKX0000007',
    );
    expect((await post(t, '/payments/mpesa/b2c-result', otherOriginator)).statusCode).toBe(200);
    const payment = await paymentOf(t, phone, 'payout');
    expect(payment.status).toBe('pending');
    expect(await member.balance()).toBe(90_000n);
    expect(await resultsOf(t, payment.id)).toContainEqual(
      expect.objectContaining({ outcome: 'suspicious', detail: 'the provider ids name different payments' }),
    );
    const unmatched = await t.database.db
      .selectFrom('provider_results')
      .select('outcome')
      .where('provider_request_id', '=', 'AG_20261201_forged')
      .execute();
    expect(unmatched).toEqual([{ outcome: 'unmatched' }]);
  });

  it('keeps a callback it cannot read, as it came, and answers 400', async () => {
    const body = { Body: { stkCallback: { CheckoutRequestID: 'ws_CO_unreadable', ResultCode: 'zero' } } };
    expect((await post(t, '/payments/mpesa/stk-result', body)).statusCode).toBe(400);
    const kept = await t.database.db
      .selectFrom('provider_results')
      .select(['outcome', 'operation', 'result'])
      .where('outcome', '=', 'malformed')
      .execute();
    expect(kept).toContainEqual(expect.objectContaining({ operation: 'stk-result', result: { body } }));
  });

  it('an airtime status worth more than the purchase is suspicious and settles nothing', async () => {
    const phone = '+254733200006';
    const member = await fundedMember(t, phone, 100n);
    await gatewaySession(t.app, { phone }).dial('4*1*50*4826*1');
    const payment = await eventually(async () => {
      const row = await paymentOf(t, phone, 'airtime');
      expect(row.provider_request_id).not.toBeNull();
      return row;
    });
    const inflated = airtimeStatus(payment.provider_request_id as string, phone, 'KES 5000.0000');
    expect((await post(t, '/airtime/status', inflated)).statusCode).toBe(200);
    expect((await paymentOf(t, phone, 'airtime')).status).toBe('pending');
    expect(await member.balance()).toBe(5_000n);
    expect(await resultsOf(t, payment.id)).toContainEqual(
      expect.objectContaining({ outcome: 'suspicious', detail: 'amount 500000 for 5000' }),
    );
  });
});

describe('when result callbacks never arrive', () => {
  let t: TestService;
  beforeAll(async () => {
    // Every callback goes to a port where nothing listens: only the resolver's questions can tell.
    t = await startTestService({
      ...FAST,
      FAKE_PAYMENTS: 'approve',
      PUBLIC_BASE_URL: 'http://127.0.0.1:9',
      PAYMENT_PROMPT_WINDOW_SECONDS: '1',
    });
  });
  afterAll(() => t.close());

  it('the resolver asks Daraja (STK Push Query) and credits the deposit once', async () => {
    const phone = '+254733300001';
    const member = await fundedMember(t, phone, 0n);
    await gatewaySession(t.app, { phone }).dial('1*400*1');
    await eventually(async () => expect(await member.balance()).toBe(40_000n), 10_000);
    const payment = await paymentOf(t, phone, 'deposit');
    expect(payment.status).toBe('succeeded');
    expect(await resultsOf(t, payment.id)).toContainEqual(
      expect.objectContaining({ operation: 'stk-query', source: 'query', outcome: 'applied' }),
    );
    await expectLedgerHolds(t);
  });
});
