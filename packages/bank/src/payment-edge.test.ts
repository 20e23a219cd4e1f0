import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { createMoneyService, type MoneyService } from './money.service.js';
import { PaymentKeyConflictError } from './payment.repository.js';
import type { PaymentAlert } from './payment-results.js';
import { CURRENCY, createMember, fund, GENEROUS_LIMITS, ledgerViolations } from './test-ledger-fixtures.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

// Where payments meet providers: attempts, in doubt, late and contradicting results.

let database: TestDatabase;
let db: Kysely<Database>;
let money: MoneyService;
const alerts: PaymentAlert[] = [];
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  money = createMoneyService({
    db,
    currency: CURRENCY,
    limits: GENEROUS_LIMITS,
    onAlert: (alert) => alerts.push(alert),
    promptWindowMs: 0,
  });
});
afterAll(async () => {
  expect(await ledgerViolations(db)).toEqual([]);
  await database.drop();
});

/** The value, or a failed test when there is none. */
function defined<T>(value: T | undefined | null): T {
  if (value === undefined || value === null) throw new Error('expected a value');
  return value;
}

const statusOf = async (id: string) => (await money.findPayment(id))?.status;
const suspense = async () =>
  (await db.selectFrom('accounts').select('balance').where('code', '=', 'suspense').executeTakeFirst())?.balance ?? 0n;

async function withdrawal(amount = 10_000n) {
  const member = await createMember(db);
  await fund(db, member.walletId, 50_000n);
  const { payment } = await money.requestWithdrawal({
    memberId: member.id,
    phone: member.phone,
    amount,
    idempotencyKey: `wd:${member.id}`,
  });
  return { member, payment };
}

describe('a request sent to a provider', () => {
  it('is never sent again after a send that died before its reply: the payment is in doubt', async () => {
    const { payment } = await withdrawal();
    const first = await money.beginRequest(payment.id, payment.idempotencyKey);
    expect(first?.state).toBe('sending');
    // The process died here; the outbox lease expires and the message is delivered again.
    expect(await money.beginRequest(payment.id, payment.idempotencyKey)).toBeUndefined();
    expect(await statusOf(payment.id)).toBe('in_doubt');
    expect((await money.attemptsOf(payment.id)).map((a) => a.state)).toEqual(['in_doubt']);
  });

  it('that certainly never left may be sent again; giving up on it fails the payment and returns the hold', async () => {
    const { member, payment } = await withdrawal();
    const first = await money.beginRequest(payment.id, payment.idempotencyKey);
    await money.requestNotSent(defined(first), 'connect ECONNREFUSED');
    const second = await money.beginRequest(payment.id, payment.idempotencyKey);
    expect(second?.seq).toBe(2);
    await money.requestNotSent(defined(second), 'connect ECONNREFUSED');
    await money.requestsExhausted(payment.id, 'out of attempts');
    expect(await statusOf(payment.id)).toBe('failed');
    expect(await money.walletBalance(member.id)).toBe(50_000n);
  });

  it('given up after it may have reached the provider is in doubt, and the hold stays', async () => {
    const { member, payment } = await withdrawal();
    const attempt = await money.beginRequest(payment.id, payment.idempotencyKey);
    await money.requestInDoubt(defined(attempt), 'The operation was aborted due to timeout');
    await money.requestsExhausted(payment.id, 'out of attempts');
    expect(await statusOf(payment.id)).toBe('in_doubt');
    expect(await money.walletBalance(member.id)).toBe(40_000n);
  });

  it('refused for good fails the payment and returns the hold, once', async () => {
    const { member, payment } = await withdrawal();
    const attempt = await money.beginRequest(payment.id, payment.idempotencyKey);
    await money.requestRefused(defined(attempt), 'invalid number');
    await money.requestRefused(defined(attempt), 'invalid number');
    expect(await statusOf(payment.id)).toBe('failed');
    expect(await money.walletBalance(member.id)).toBe(50_000n);
  });
});

describe('results for a payment with several prompts', () => {
  async function deposit(prompts: number) {
    const member = await createMember(db);
    const payment = await money.requestDeposit({
      memberId: member.id,
      phone: member.phone,
      amount: 25_000n,
      idempotencyKey: `dep:${member.id}`,
    });
    const ids: string[] = [];
    for (let n = 1; n <= prompts; n++) {
      ids.push(`ws_CO_${payment.id}_${n}`);
      await money.recordProviderRequest(payment.id, ids.at(-1) as string);
    }
    return { member, payment, ids };
  }
  const success = (providerRequestId: string, receipt: string) => ({
    providerRequestId,
    succeeded: true,
    description: 'ok',
    amount: 25_000n,
    receipt,
  });

  it('credit every approved prompt, each once, and flag the further ones', async () => {
    const { member, payment, ids } = await deposit(2);
    expect((await money.settleDeposit(success(ids[0] as string, 'R1'))).outcome).toBe('applied');
    expect((await money.settleDeposit(success(ids[1] as string, 'R2'))).outcome).toBe('extra-credit');
    expect((await money.settleDeposit(success(ids[1] as string, 'R2'))).outcome).toBe('already-applied');
    expect(await money.walletBalance(member.id)).toBe(50_000n);
    expect(alerts).toContainEqual(expect.objectContaining({ kind: 'extra-credit', paymentId: payment.id }));
  });

  it('keep the payment open while another prompt may still be paid', async () => {
    const { member, payment, ids } = await deposit(2);
    const cancelled = {
      providerRequestId: ids[0] as string,
      succeeded: false,
      description: 'Request cancelled by user',
    };
    expect((await money.settleDeposit(cancelled)).outcome).toBe('attempt-failed');
    expect(await statusOf(payment.id)).toBe('pending');
    expect((await money.settleDeposit(success(ids[1] as string, 'R3'))).outcome).toBe('applied');
    expect(await money.walletBalance(member.id)).toBe(25_000n);
  });

  it('send a failure after the success of the same prompt to suspense: the wallet is never taken below what it holds', async () => {
    const { member, ids } = await deposit(1);
    await money.settleDeposit(success(ids[0] as string, 'R4'));
    const before = await suspense();
    const reversed = { providerRequestId: ids[0] as string, succeeded: false, description: 'reversed' };
    expect((await money.settleDeposit(reversed)).outcome).toBe('suspense');
    expect(await money.walletBalance(member.id)).toBe(25_000n);
    expect((await suspense()) - before).toBe(25_000n);
  });
});

describe('an idempotency key', () => {
  it('repeated with another request is refused, never answered with the first payment', async () => {
    const a = await createMember(db);
    const b = await createMember(db);
    await money.requestDeposit({ memberId: a.id, phone: a.phone, amount: 10_000n, idempotencyKey: 'shared-key' });
    await expect(
      money.requestDeposit({ memberId: b.id, phone: b.phone, amount: 10_000n, idempotencyKey: 'shared-key' }),
    ).rejects.toBeInstanceOf(PaymentKeyConflictError);
  });
});

describe('an operator', () => {
  it('resolves a payment in doubt with an audit row, through the same settlement', async () => {
    const { member, payment } = await withdrawal();
    const attempt = await money.beginRequest(payment.id, payment.idempotencyKey);
    await money.requestInDoubt(defined(attempt), 'timed out');
    await money.resolveByOperator(payment.id, {
      status: 'failed',
      reason: 'M-Pesa statement shows nothing',
      actor: 'ann',
    });
    expect(await statusOf(payment.id)).toBe('failed');
    expect(await money.walletBalance(member.id)).toBe(50_000n);
    const audit = await db.selectFrom('payment_resolutions').selectAll().where('payment_id', '=', payment.id).execute();
    expect(audit).toMatchObject([{ actor: 'ann', from_status: 'in_doubt', to_status: 'failed' }]);
    await expect(
      money.resolveByOperator(payment.id, { status: 'succeeded', reason: 'again', actor: 'ann', receipt: 'RKX1' }),
    ).rejects.toThrow(/already failed/);
  });
});

describe('an operator and a late provider', () => {
  async function depositWithPrompts(ids: readonly (string | null)[]) {
    const member = await createMember(db);
    const payment = await money.requestDeposit({
      memberId: member.id,
      phone: member.phone,
      amount: 25_000n,
      idempotencyKey: `dep:${member.id}`,
    });
    for (const id of ids) {
      if (id === null) {
        const attempt = defined(await money.beginRequest(payment.id, `deposit:${payment.id}`));
        await money.requestInDoubt(attempt, 'The operation was aborted due to timeout');
      } else {
        // Asked too early, Daraja did not know this prompt yet: absent, so another was sent.
        await money.recordProviderRequest(payment.id, id);
        await money.settleDeposit({
          providerRequestId: id,
          succeeded: false,
          verdict: 'absent',
          description: 'no such',
        });
      }
    }
    return { member, payment };
  }

  it('does not credit twice the receipt the operator saw, whichever prompt it comes from', async () => {
    const { member, payment } = await depositWithPrompts([`ws_A_${Date.now()}`, null]);
    const [first] = await money.attemptsOf(payment.id);
    await money.resolveByOperator(payment.id, {
      status: 'succeeded',
      reason: 'on the paybill statement',
      actor: 'ann',
      receipt: 'RKXSAME001',
    });
    const late = {
      providerRequestId: defined(first?.providerRequestId),
      succeeded: true,
      description: 'ok',
      amount: 25_000n,
      phone: member.phone,
      receipt: 'RKXSAME001',
    };
    expect((await money.settleDeposit(late)).outcome).toBe('already-applied');
    expect(await money.walletBalance(member.id)).toBe(25_000n);
  });

  it('holds in suspense, loudly, a payment the provider confirms after an operator failed it', async () => {
    const { member, payment } = await depositWithPrompts([null]);
    await money.resolveByOperator(payment.id, { status: 'failed', reason: 'not on the statement', actor: 'ann' });
    const before = await suspense();
    const paid = {
      providerRequestId: `ws_LATE_${payment.id}`,
      succeeded: true,
      description: 'ok',
      amount: 25_000n,
      phone: member.phone,
      receipt: 'RKXLATE001',
    };
    // The prompt's id was lost: the result is matched by payer and amount to the decided request.
    expect((await money.settleDeposit(paid)).outcome).toBe('suspense');
    expect((await suspense()) - before).toBe(-25_000n);
    expect(await money.walletBalance(member.id)).toBe(0n);
    expect(alerts).toContainEqual(expect.objectContaining({ kind: 'suspense', paymentId: payment.id }));
  });

  it('refuses a succeeded resolution without the receipt from the statement', async () => {
    const { payment } = await depositWithPrompts([null]);
    await expect(
      money.resolveByOperator(payment.id, { status: 'succeeded', reason: 'trust me', actor: 'ann' }),
    ).rejects.toThrow(/needs the receipt/);
  });
});

describe('a result naming only the payer and the amount', () => {
  it('cannot claim a request whose reply is still on the way: the reply names its id', async () => {
    const member = await createMember(db);
    const payment = await money.requestDeposit({
      memberId: member.id,
      phone: member.phone,
      amount: 25_000n,
      idempotencyKey: `dep:${member.id}`,
    });
    const attempt = defined(await money.beginRequest(payment.id, `deposit:${payment.id}`));
    const forged = {
      providerRequestId: 'ws_FORGED',
      succeeded: true,
      description: 'ok',
      amount: 25_000n,
      phone: member.phone,
      receipt: 'RKXFORGED1',
    };
    expect((await money.settleDeposit(forged)).outcome).toBe('unmatched');
    await money.requestAccepted(attempt, `ws_REAL_${payment.id}`);
    const cancelled = { providerRequestId: `ws_REAL_${payment.id}`, succeeded: false, description: 'cancelled' };
    expect((await money.settleDeposit(cancelled)).outcome).toBe('applied');
    expect(await money.walletBalance(member.id)).toBe(0n);
    expect(await statusOf(payment.id)).toBe('failed');
  });
});
