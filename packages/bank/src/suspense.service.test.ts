import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { createMoneyService, type MoneyService } from './money.service.js';
import { paymentAttention, suspenseLedger } from './operations.js';
import { reconcile } from './reconciliation.js';
import { createSuspenseService, SuspenseClearError, type SuspenseService } from './suspense.service.js';
import { CURRENCY, createMember, GENEROUS_LIMITS, ledgerViolations } from './test-ledger-fixtures.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

// An operator clears suspense: once per entry, audited, never half-way.

let database: TestDatabase;
let db: Kysely<Database>;
let money: MoneyService;
let suspense: SuspenseService;
let queued = 0;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  money = createMoneyService({ db, currency: CURRENCY, limits: GENEROUS_LIMITS, promptWindowMs: 0 });
  suspense = createSuspenseService({ db, supportPhone: '0800 720 720', onQueued: () => (queued += 1) });
});
afterAll(async () => {
  expect(await ledgerViolations(db)).toEqual([]);
  await database.drop();
});

const AMOUNT = 25_000n;
const systemBalance = async (code: string) =>
  (await db.selectFrom('accounts').select('balance').where('code', '=', code).executeTakeFirst())?.balance ?? 0n;
const smsFor = async (phone: string) =>
  (await db.selectFrom('outbox').select(['payload', 'idempotency_key']).where('kind', '=', 'sms').execute()).filter(
    (row) => (row.payload as { to?: string }).to === phone,
  );

/** The suspense entry written for a payment (its memo names the payment). */
async function suspenseEntryOf(paymentId: string): Promise<string> {
  const { entries } = await suspenseLedger(db);
  const entry = entries.find((line) => line.kind === 'suspense' && line.memo.includes(paymentId));
  if (entry === undefined) throw new Error(`no suspense entry for ${paymentId}`);
  return entry.entryId;
}

/** A member's deposit with one prompt sent, and the provider's success for it. */
async function depositWithPrompt() {
  const member = await createMember(db);
  const payment = await money.requestDeposit({
    memberId: member.id,
    phone: member.phone,
    amount: AMOUNT,
    idempotencyKey: `dep:${member.id}`,
  });
  const providerRequestId = `ws_CO_${payment.id}`;
  await money.recordProviderRequest(payment.id, providerRequestId);
  const paid = { providerRequestId, succeeded: true, description: 'ok', amount: AMOUNT, receipt: `R${payment.id}` };
  return { member, payment, paid };
}

/** A deposit the provider confirmed after an operator had failed it: suspense holds the member's money. */
async function depositPaidAfterItFailed() {
  const { member, payment, paid } = await depositWithPrompt();
  await money.resolveByOperator(payment.id, { status: 'failed', reason: 'not on the statement', actor: 'ann' });
  expect((await money.settleDeposit(paid)).outcome).toBe('suspense');
  return { member, payment, entryId: await suspenseEntryOf(payment.id) };
}

/** A deposit credited, then reversed by the provider: suspense holds money to recover. */
async function depositCreditedThenReversed() {
  const { member, payment, paid } = await depositWithPrompt();
  expect((await money.settleDeposit(paid)).outcome).toBe('applied');
  const reversed = { providerRequestId: paid.providerRequestId, succeeded: false, description: 'reversed' };
  expect((await money.settleDeposit(reversed)).outcome).toBe('suspense');
  return { member, payment, entryId: await suspenseEntryOf(payment.id) };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'cleared',
    (error: unknown) => (error instanceof SuspenseClearError ? error.code : String(error)),
  );

describe('clearing money received for a member', () => {
  it("credits the member's wallet, once, audited, and tells the member by SMS", async () => {
    const { member, payment, entryId } = await depositPaidAfterItFailed();
    const suspenseBefore = await systemBalance('suspense');
    const queuedBefore = queued;
    const openBefore = (await paymentAttention(db)).suspenseEntries;

    const cleared = await suspense.clear({
      entryId,
      to: 'member',
      actor: 'ann',
      reason: 'paid on the statement, 1 Dec',
    });
    expect(cleared).toMatchObject({
      entryId,
      clearedTo: 'member',
      movement: 'credited-to-member',
      amount: AMOUNT,
      currency: CURRENCY,
      paymentId: payment.id,
      memberId: member.id,
      walletBalance: AMOUNT,
    });
    expect(await money.walletBalance(member.id)).toBe(AMOUNT);
    expect((await systemBalance('suspense')) - suspenseBefore).toBe(AMOUNT);
    expect(queued).toBe(queuedBefore + 1);
    const corrections = (await smsFor(member.phone)).filter(
      (sms) => (sms.payload as { template: string }).template === 'correction-credit',
    );
    expect(corrections.map((sms) => sms.payload)).toEqual([
      expect.objectContaining({
        params: { amount: '25000', balance: '25000', currency: CURRENCY, supportPhone: '0800 720 720' },
      }),
    ]);
    const smsCount = (await smsFor(member.phone)).length;

    // The listing shows the entry cleared, and the clearing entry as what it clears.
    const { entries } = await suspenseLedger(db);
    expect(entries.find((line) => line.entryId === entryId)?.clearedBy).toMatchObject({
      clearedTo: 'member',
      actor: 'ann',
      reason: 'paid on the statement, 1 Dec',
    });
    expect(entries.find((line) => line.entryId === cleared.clearingEntryId)?.clears).toBe(entryId);
    // What wants a person's eye goes down by one; the day's reconciliation still shows the
    // contradiction, and does not count the clearing as another.
    expect((await paymentAttention(db)).suspenseEntries).toBe(openBefore - 1);
    const report = await reconcile(db, { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000) });
    const flagged = report.discrepancies.filter((d) => d.kind === 'suspense-entry').map((d) => d.entryId);
    expect(flagged).toContain(entryId);
    expect(flagged).not.toContain(cleared.clearingEntryId);
    expect(report.payments.find((p) => p.id === payment.id)?.ledger).toMatchObject({ wallet: AMOUNT, suspense: 0n });

    // Twice, by anyone, in any direction: refused, nothing moves.
    expect(await refusal(suspense.clear({ entryId, to: 'member', actor: 'bob', reason: 'again' }))).toBe(
      'already-cleared',
    );
    expect(
      await refusal(suspense.clear({ entryId: cleared.clearingEntryId, to: 'member', actor: 'bob', reason: 'undo' })),
    ).toBe('clearing-entry');
    expect(await money.walletBalance(member.id)).toBe(AMOUNT);
    expect(await smsFor(member.phone)).toHaveLength(smsCount);
  });

  it('is never written off: that money is the member’s', async () => {
    const { member, entryId } = await depositPaidAfterItFailed();
    const writtenOff = await systemBalance('written_off');
    expect(await refusal(suspense.clear({ entryId, to: 'write-off', actor: 'ann', reason: 'tidy up' }))).toBe(
      'write-off-of-money-owed',
    );
    expect(await systemBalance('written_off')).toBe(writtenOff);
    expect(await money.walletBalance(member.id)).toBe(0n);
    // Still open: the right clearing goes through afterwards.
    expect((await suspense.clear({ entryId, to: 'member', actor: 'ann', reason: 'paid' })).movement).toBe(
      'credited-to-member',
    );
  });
});

describe('clearing money to recover', () => {
  it("takes it back from the member's wallet when it holds enough, and says so by SMS", async () => {
    const { member, entryId } = await depositCreditedThenReversed();
    expect(await money.walletBalance(member.id)).toBe(AMOUNT);
    const cleared = await suspense.clear({ entryId, to: 'member', actor: 'ann', reason: 'reversed by M-Pesa' });
    expect(cleared).toMatchObject({ movement: 'recovered-from-member', amount: AMOUNT, walletBalance: 0n });
    expect(await money.walletBalance(member.id)).toBe(0n);
    expect((await smsFor(member.phone)).map((sms) => (sms.payload as { template: string }).template)).toContain(
      'correction-debit',
    );
  });

  it('refuses when the wallet holds too little, moving nothing; a write-off then books the loss', async () => {
    const { member, entryId } = await depositCreditedThenReversed();
    // The member spent part of it in the meantime.
    const other = await createMember(db);
    await money.transfer({
      fromMemberId: member.id,
      toMemberId: other.id,
      amount: 10_000n,
      idempotencyKey: `spent:${member.id}`,
    });
    const suspenseBefore = await systemBalance('suspense');
    expect(await refusal(suspense.clear({ entryId, to: 'member', actor: 'ann', reason: 'reversed' }))).toBe(
      'insufficient-funds',
    );
    expect(await money.walletBalance(member.id)).toBe(15_000n);
    expect(await systemBalance('suspense')).toBe(suspenseBefore);
    expect((await suspenseLedger(db)).entries.find((line) => line.entryId === entryId)?.clearedBy).toBeUndefined();

    const writtenOff = await systemBalance('written_off');
    const smsBefore = (await smsFor(member.phone)).length;
    const cleared = await suspense.clear({ entryId, to: 'write-off', actor: 'ann', reason: 'member cannot repay' });
    expect(cleared).toMatchObject({ movement: 'written-off', walletBalance: undefined });
    expect((await systemBalance('written_off')) - writtenOff).toBe(AMOUNT);
    expect(suspenseBefore - (await systemBalance('suspense'))).toBe(AMOUNT);
    expect(await money.walletBalance(member.id)).toBe(15_000n);
    // The member's wallet did not move: no SMS.
    expect(await smsFor(member.phone)).toHaveLength(smsBefore);
  });
});

describe('a clearing the bank refuses', () => {
  it('names an entry that is not a contradiction held in suspense', async () => {
    const { member } = await depositCreditedThenReversed();
    const [deposit] = await db
      .selectFrom('journal_entries')
      .select('id')
      .where('idempotency_key', 'like', 'payment:%:settle')
      .limit(1)
      .execute();
    expect(
      await refusal(suspense.clear({ entryId: String(deposit?.id), to: 'member', actor: 'ann', reason: 'x' })),
    ).toBe('unknown-entry');
    expect(await refusal(suspense.clear({ entryId: 'not-an-id', to: 'member', actor: 'ann', reason: 'x' }))).toBe(
      'unknown-entry',
    );
    expect(
      await refusal(suspense.clear({ entryId: crypto.randomUUID(), to: 'member', actor: 'ann', reason: 'x' })),
    ).toBe('unknown-entry');
    expect(await money.walletBalance(member.id)).toBe(AMOUNT);
  });

  it('needs an actor and a reason', async () => {
    const { entryId } = await depositPaidAfterItFailed();
    await expect(suspense.clear({ entryId, to: 'member', actor: 'ann', reason: '  ' })).rejects.toThrow(/reason/);
    await expect(suspense.clear({ entryId, to: 'member', actor: '', reason: 'paid' })).rejects.toThrow(/actor/);
  });

  it('lets one of forty operators at once clear an entry; the others are told it is cleared', async () => {
    const { member, entryId } = await depositPaidAfterItFailed();
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        refusal(suspense.clear({ entryId, to: n % 2 === 0 ? 'member' : 'write-off', actor: `op${n}`, reason: 'race' })),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 'cleared')).toHaveLength(1);
    // Whoever came after the one that cleared it is told so; a write-off is refused whenever it comes.
    for (const outcome of outcomes.filter((outcome) => outcome !== 'cleared')) {
      expect(['already-cleared', 'write-off-of-money-owed']).toContain(outcome);
    }
    expect(await money.walletBalance(member.id)).toBe(AMOUNT);
    expect(
      await db.selectFrom('suspense_clearances').select('actor').where('entry_id', '=', entryId).execute(),
    ).toHaveLength(1);
  });
});
