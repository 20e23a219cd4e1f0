import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { createMoneyService, type MoneyService } from './money.service.js';
import { paymentAttention, suspenseLedger } from './operations.js';
import { reconcile } from './reconciliation.js';
import { createSuspenseService, SuspenseClearError, type SuspenseService } from './suspense.service.js';
import { TEST_BACKENDS } from './test-backends.js';
import { CURRENCY, createMember, fund, GENEROUS_LIMITS, ledgerViolations } from './test-ledger-fixtures.js';

// An operator clears suspense: once per entry, audited, never half-way; on PostgreSQL and PGlite.

const AMOUNT = 25_000n;
const hourAgo = () => new Date(Date.now() - 3_600_000);
const soon = () => new Date(Date.now() + 60_000);

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'cleared',
    (error: unknown) => (error instanceof SuspenseClearError ? error.code : String(error)),
  );

describe.each(TEST_BACKENDS)('clearing suspense on $name', (backend) => {
  let db: Kysely<Database>;
  let close: () => Promise<void>;
  let money: MoneyService;
  let suspense: SuspenseService;
  let queued = 0;
  beforeAll(async () => {
    ({ db, close } = await backend.open());
    money = createMoneyService({ db, currency: CURRENCY, limits: GENEROUS_LIMITS, promptWindowMs: 0 });
    suspense = createSuspenseService({ db, supportPhone: '0800 720 720', onQueued: () => (queued += 1) });
  });
  afterAll(async () => {
    expect(await ledgerViolations(db)).toEqual([]);
    await close();
  });

  const systemBalance = async (code: string) =>
    (await db.selectFrom('accounts').select('balance').where('code', '=', code).executeTakeFirst())?.balance ?? 0n;
  const smsFor = async (phone: string, template?: string) =>
    (await db.selectFrom('outbox').select('payload').where('kind', '=', 'sms').execute())
      .map((row) => row.payload as { to: string; template: string; params: Record<string, string> })
      .filter((sms) => sms.to === phone && (template === undefined || sms.template === template));

  /** The suspense entries written for a payment (their memo names it), oldest first. */
  async function suspenseEntriesOf(paymentId: string): Promise<string[]> {
    const { entries } = await suspenseLedger(db);
    return entries.filter((line) => line.kind === 'suspense' && line.memo.includes(paymentId)).map((e) => e.entryId);
  }
  async function onlyEntryOf(paymentId: string): Promise<string> {
    const [entryId, ...more] = await suspenseEntriesOf(paymentId);
    if (entryId === undefined || more.length > 0) throw new Error(`not one suspense entry for ${paymentId}`);
    return entryId;
  }

  /** A member's deposit with two prompts sent, and the provider's success for the first. */
  async function depositWithPrompts() {
    const member = await createMember(db);
    const payment = await money.requestDeposit({
      memberId: member.id,
      phone: member.phone,
      amount: AMOUNT,
      idempotencyKey: `dep:${member.id}`,
    });
    const prompts = [`ws_CO_${payment.id}_1`, `ws_CO_${payment.id}_2`];
    for (const prompt of prompts) await money.recordProviderRequest(payment.id, prompt);
    const paid = {
      providerRequestId: prompts[0] as string,
      succeeded: true,
      description: 'ok',
      amount: AMOUNT,
      receipt: `R${payment.id.slice(0, 8)}`,
    };
    return { member, payment, prompts, paid };
  }

  /** A deposit the provider confirmed after an operator had failed it: suspense holds the member's money. */
  async function depositPaidAfterItFailed() {
    const made = await depositWithPrompts();
    await money.resolveByOperator(made.payment.id, { status: 'failed', reason: 'not on the statement', actor: 'ann' });
    expect((await money.settleDeposit(made.paid)).outcome).toBe('suspense');
    return { ...made, entryId: await onlyEntryOf(made.payment.id) };
  }

  /** A deposit credited, then reversed by the provider: suspense holds money to recover. */
  async function depositCreditedThenReversed() {
    const made = await depositWithPrompts();
    expect((await money.settleDeposit(made.paid)).outcome).toBe('applied');
    const reversed = { providerRequestId: made.paid.providerRequestId, succeeded: false, description: 'reversed' };
    expect((await money.settleDeposit(reversed)).outcome).toBe('suspense');
    return { ...made, entryId: await onlyEntryOf(made.payment.id) };
  }

  /** A payout M-Pesa reports paid, then failed: the money never left, suspense holds it for the member. */
  async function payoutFailedAfterItWasPaid() {
    const member = await createMember(db);
    await fund(db, member.walletId, 100_000n);
    const { payment } = await money.requestWithdrawal({
      memberId: member.id,
      phone: member.phone,
      amount: AMOUNT,
      idempotencyKey: `wd:${member.id}`,
    });
    await money.recordProviderRequest(payment.id, `AG_${payment.id}`);
    const result = { providerRequestId: `AG_${payment.id}`, description: 'ok', amount: AMOUNT };
    expect((await money.settlePayout({ ...result, succeeded: true })).outcome).toBe('applied');
    expect((await money.settlePayout({ ...result, succeeded: false })).outcome).toBe('suspense');
    return { member, payment, entryId: await onlyEntryOf(payment.id) };
  }

  describe('money received for a member', () => {
    it("goes to the member's wallet, once, audited, with an SMS; /readyz and the reconciliation follow", async () => {
      const { member, payment, entryId } = await depositPaidAfterItFailed();
      const suspenseBefore = await systemBalance('suspense');
      const queuedBefore = queued;
      const openBefore = (await paymentAttention(db)).suspenseEntries;

      const cleared = await suspense.clear({ entryId, to: 'member', actor: 'ann', reason: 'paid on the statement' });
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
      expect((await smsFor(member.phone, 'correction-credit')).map((sms) => sms.params)).toEqual([
        { amount: '25000', balance: '25000', currency: CURRENCY, supportPhone: '0800 720 720' },
      ]);

      const { entries } = await suspenseLedger(db);
      expect(entries.find((line) => line.entryId === entryId)?.clearedBy).toMatchObject({
        clearedTo: 'member',
        actor: 'ann',
        reason: 'paid on the statement',
      });
      expect(entries.find((line) => line.entryId === cleared.clearingEntryId)?.clears).toBe(entryId);
      expect((await paymentAttention(db)).suspenseEntries).toBe(openBefore - 1);
      const report = await reconcile(db, { from: hourAgo(), to: soon() });
      const flagged = report.discrepancies.filter((d) => d.kind === 'suspense-entry').map((d) => d.entryId);
      expect(flagged).toContain(entryId);
      expect(flagged).not.toContain(cleared.clearingEntryId);
      expect(report.payments.find((p) => p.id === payment.id)?.ledger).toMatchObject({ wallet: AMOUNT, suspense: 0n });

      // Twice, by anyone, in any direction: refused, nothing moves.
      const smsCount = (await smsFor(member.phone)).length;
      for (const to of ['member', 'write-off', 'reverse'] as const) {
        expect(await refusal(suspense.clear({ entryId, to, actor: 'bob', reason: 'again' }))).toBe('already-cleared');
      }
      expect(
        await refusal(suspense.clear({ entryId: cleared.clearingEntryId, to: 'member', actor: 'bob', reason: 'undo' })),
      ).toBe('clearing-entry');
      expect(await money.walletBalance(member.id)).toBe(AMOUNT);
      expect(await smsFor(member.phone)).toHaveLength(smsCount);
    });

    it('is never written off', async () => {
      const { member, entryId } = await depositPaidAfterItFailed();
      const writtenOff = await systemBalance('written_off');
      expect(await refusal(suspense.clear({ entryId, to: 'write-off', actor: 'ann', reason: 'tidy up' }))).toBe(
        'write-off-of-money-owed',
      );
      expect(await systemBalance('written_off')).toBe(writtenOff);
      expect(await money.walletBalance(member.id)).toBe(0n);
    });

    it('of a payout that never left, goes back to the wallet it came from', async () => {
      const { member, entryId } = await payoutFailedAfterItWasPaid();
      expect(await money.walletBalance(member.id)).toBe(75_000n);
      const cleared = await suspense.clear({ entryId, to: 'member', actor: 'ann', reason: 'not on the B2C statement' });
      expect(cleared).toMatchObject({ movement: 'credited-to-member', walletBalance: 100_000n });
    });
  });

  describe('money to recover', () => {
    it("comes back from the member's wallet when it holds enough, with an SMS", async () => {
      const { member, entryId } = await depositCreditedThenReversed();
      expect(await money.walletBalance(member.id)).toBe(AMOUNT);
      const cleared = await suspense.clear({ entryId, to: 'member', actor: 'ann', reason: 'reversed by M-Pesa' });
      expect(cleared).toMatchObject({ movement: 'recovered-from-member', amount: AMOUNT, walletBalance: 0n });
      expect(await money.walletBalance(member.id)).toBe(0n);
      expect(await smsFor(member.phone, 'correction-debit')).toHaveLength(1);
    });

    it('is refused, moving nothing, when the wallet holds too little; a write-off then books the loss', async () => {
      const { member, entryId } = await depositCreditedThenReversed();
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
      expect(await smsFor(member.phone)).toHaveLength(smsBefore);
    });
  });

  describe('contradictions that were wrong, or offset each other', () => {
    it('one receipt reported on two prompts of a failed deposit reaches suspense once, so the wallet at most once', async () => {
      const { member, payment, prompts, paid } = await depositPaidAfterItFailed();
      const again = { ...paid, providerRequestId: prompts[1] as string };
      expect((await money.settleDeposit(again)).outcome).toBe('already-applied');
      const [entryId] = await suspenseEntriesOf(payment.id);
      expect(await suspenseEntriesOf(payment.id)).toHaveLength(1);
      await suspense.clear({ entryId: entryId as string, to: 'member', actor: 'ann', reason: 'paid once' });
      expect(await money.walletBalance(member.id)).toBe(AMOUNT);
    });

    it('a provider that says paid, then failed: only reversing clears the pair, and the books end where they began', async () => {
      const { member, payment, paid } = await depositPaidAfterItFailed();
      const reversed = { providerRequestId: paid.providerRequestId, succeeded: false, description: 'reversed' };
      expect((await money.settleDeposit(reversed)).outcome).toBe('suspense');
      const [owed, toRecover] = await suspenseEntriesOf(payment.id);
      if (owed === undefined || toRecover === undefined) throw new Error('expected two entries');
      const before = {
        suspense: await systemBalance('suspense'),
        settlement: await systemBalance('mobile_money_settlement'),
      };

      // Crediting the member, or writing off, while the other half is open would pay or lose A for nothing.
      expect(await refusal(suspense.clear({ entryId: owed, to: 'member', actor: 'ann', reason: 'paid?' }))).toBe(
        'offsetting-entry-open',
      );
      expect(await refusal(suspense.clear({ entryId: toRecover, to: 'write-off', actor: 'ann', reason: 'x' }))).toBe(
        'offsetting-entry-open',
      );
      const first = await suspense.clear({
        entryId: owed,
        to: 'reverse',
        actor: 'ann',
        reason: 'not on the statement',
      });
      expect(first).toMatchObject({ movement: 'reversed', walletBalance: undefined });
      await suspense.clear({ entryId: toRecover, to: 'reverse', actor: 'ann', reason: 'not on the statement' });

      expect(await money.walletBalance(member.id)).toBe(0n);
      expect(await systemBalance('suspense')).toBe(before.suspense);
      expect(await systemBalance('mobile_money_settlement')).toBe(before.settlement);
      expect(await suspenseEntriesOf(payment.id)).toHaveLength(2);
      expect((await suspenseLedger(db)).entries.filter((e) => e.clearedBy?.paymentId === payment.id)).toHaveLength(2);
      // The books are where they were before the provider said anything.
      const entries = (await suspenseLedger(db)).entries.filter((e) => e.memo.includes(payment.id));
      expect(entries.reduce((sum, e) => sum + e.amount, 0n)).toBe(0n);
    });

    it('a clearing on a later day is in that day’s reconciliation, and not in the earlier one’s', async () => {
      const { member, payment, entryId } = await depositPaidAfterItFailed();
      const contradictedBy = new Date();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const clearedFrom = new Date();
      await suspense.clear({ entryId, to: 'member', actor: 'ann', reason: 'paid' });
      const later = await reconcile(db, { from: clearedFrom, to: soon() });
      expect(later.payments.find((p) => p.id === payment.id)?.ledger).toMatchObject({ wallet: AMOUNT });
      expect(later.counts).toMatchObject({ suspenseClearings: 1 });
      const earlier = await reconcile(db, { from: hourAgo(), to: contradictedBy });
      expect(earlier.payments.find((p) => p.id === payment.id)?.ledger).toMatchObject({ wallet: 0n });
      expect(await money.walletBalance(member.id)).toBe(AMOUNT);
    });
  });

  describe('a clearing the bank refuses', () => {
    it('names an entry that is not a contradiction held in suspense', async () => {
      const { member } = await depositCreditedThenReversed();
      const deposit = await db
        .selectFrom('journal_entries')
        .select('id')
        .where('idempotency_key', 'like', 'payment:%:settle')
        .executeTakeFirstOrThrow();
      for (const entryId of [deposit.id, 'not-an-id', crypto.randomUUID()]) {
        expect(await refusal(suspense.clear({ entryId, to: 'member', actor: 'ann', reason: 'x' }))).toBe(
          'unknown-entry',
        );
      }
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
          refusal(suspense.clear({ entryId, to: 'member', actor: `op${n}`, reason: 'race' })),
        ),
      );
      expect(outcomes.filter((outcome) => outcome === 'cleared')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 'already-cleared')).toHaveLength(39);
      expect(await money.walletBalance(member.id)).toBe(AMOUNT);
      expect(await smsFor(member.phone, 'correction-credit')).toHaveLength(1);
    });
  });
});
