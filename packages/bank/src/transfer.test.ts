import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { LedgerError } from './ledger-error.js';
import { createMoneyService, type MoneyService } from './money.service.js';
import { MoneyError } from './money-error.js';
import { TEST_BACKENDS } from './test-backends.js';
import { CURRENCY, createMember, fund, GENEROUS_LIMITS, ledgerViolations } from './test-ledger-fixtures.js';
import { backdateEntries } from './testing.js';

// The transfer is one PL/pgSQL call (`ledger_transfer`): every rule it keeps, on the real
// PostgreSQL server and on PGlite (the embedded mode), with the same expectations.
for (const backend of TEST_BACKENDS) {
  describe(`transfers on ${backend.name}`, () => {
    let db: Kysely<Database>;
    let close: () => Promise<void>;
    let money: MoneyService;
    const limits = { ...GENEROUS_LIMITS, transfer: { min: 100n, max: 5_000_000n }, dailyOutflow: 10_000n };
    beforeAll(async () => {
      ({ db, close } = await backend.open());
      money = createMoneyService({ db, currency: CURRENCY, limits });
    }, 60_000);
    afterAll(async () => {
      expect(await ledgerViolations(db)).toEqual([]);
      await close();
    });

    async function pair(funding = 5_000n) {
      const a = await createMember(db, 'Amina Ali');
      const b = await createMember(db, 'Baraka Otieno');
      if (funding > 0n) await fund(db, a.walletId, funding);
      return { a, b };
    }
    const smsOf = (entryId: string) =>
      db
        .selectFrom('outbox')
        .select(['idempotency_key', 'payload', 'status'])
        .where('idempotency_key', 'like', `sms:${entryId}:%`)
        .orderBy('idempotency_key')
        .execute();

    it('moves the amount in one balanced entry and queues both SMS with the new balances', async () => {
      const { a, b } = await pair();
      const result = await money.transfer({
        fromMemberId: a.id,
        toMemberId: b.id,
        amount: 1_250n,
        idempotencyKey: `t:${a.id}`,
      });
      expect(result).toEqual({ entryId: expect.any(String), duplicate: false, balance: 3_750n });
      expect(await money.walletBalance(b.id)).toBe(1_250n);
      const entry = await db
        .selectFrom('journal_entries')
        .select(['kind', 'memo'])
        .where('id', '=', result.entryId)
        .executeTakeFirstOrThrow();
      expect(entry).toEqual({ kind: 'transfer', memo: 'Amina Ali -> Baraka Otieno' });
      const postings = await db
        .selectFrom('postings')
        .select(['account_id', 'amount', 'entry_kind'])
        .where('entry_id', '=', result.entryId)
        .orderBy('amount')
        .execute();
      expect(postings).toEqual([
        { account_id: b.walletId, amount: -1_250n, entry_kind: 'transfer' },
        { account_id: a.walletId, amount: 1_250n, entry_kind: 'transfer' },
      ]);
      expect(await smsOf(result.entryId)).toEqual([
        {
          idempotency_key: `sms:${result.entryId}:recipient`,
          status: 'pending',
          payload: {
            to: b.phone,
            language: 'en',
            template: 'transfer-received',
            params: { amount: '1250', currency: CURRENCY, name: 'Amina Ali', balance: '1250' },
          },
        },
        {
          idempotency_key: `sms:${result.entryId}:sender`,
          status: 'pending',
          payload: {
            to: a.phone,
            language: 'en',
            template: 'transfer-sent',
            params: { amount: '1250', currency: CURRENCY, name: 'Baraka Otieno', balance: '3750' },
          },
        },
      ]);
    });

    it('answers a repeated key with the first entry and moves nothing', async () => {
      const { a, b } = await pair();
      const request = { fromMemberId: a.id, toMemberId: b.id, amount: 1_000n, idempotencyKey: `once:${a.id}` };
      const first = await money.transfer(request);
      const [again, third] = await Promise.all([money.transfer(request), money.transfer(request)]);
      for (const repeat of [again, third]) {
        expect(repeat).toEqual({ entryId: first.entryId, duplicate: true, balance: 4_000n });
      }
      expect(await money.walletBalance(b.id)).toBe(1_000n);
      expect(await smsOf(first.entryId)).toHaveLength(2);
    });

    it('refuses a repeated key for another request', async () => {
      const { a, b } = await pair();
      const c = await createMember(db);
      const request = { fromMemberId: a.id, toMemberId: b.id, amount: 1_000n, idempotencyKey: `reused:${a.id}` };
      await money.transfer(request);
      for (const other of [
        { ...request, amount: 1_001n },
        { ...request, toMemberId: c.id },
        { ...request, fromMemberId: b.id, toMemberId: a.id },
      ]) {
        const attempt = money.transfer(other);
        await expect(attempt).rejects.toBeInstanceOf(LedgerError);
        await expect(attempt).rejects.toMatchObject({ code: 'idempotency-conflict' });
      }
      // A key already used by another kind of entry.
      await fund(db, c.walletId, 2_000n, `deposit-key:${c.id}`);
      await expect(
        money.transfer({ fromMemberId: c.id, toMemberId: a.id, amount: 2_000n, idempotencyKey: `deposit-key:${c.id}` }),
      ).rejects.toMatchObject({ code: 'idempotency-conflict' });
      expect(await money.walletBalance(a.id)).toBe(4_000n);
      expect(await money.walletBalance(b.id)).toBe(1_000n);
      expect(await money.walletBalance(c.id)).toBe(2_000n);
    });

    it('refuses an overdraft and leaves everything as it was', async () => {
      const { a, b } = await pair(1_000n);
      const key = `over:${a.id}`;
      const attempt = money.transfer({ fromMemberId: a.id, toMemberId: b.id, amount: 1_001n, idempotencyKey: key });
      await expect(attempt).rejects.toBeInstanceOf(MoneyError);
      await expect(attempt).rejects.toMatchObject({ code: 'insufficient-funds' });
      expect(await money.walletBalance(a.id)).toBe(1_000n);
      expect(await money.walletBalance(b.id)).toBe(0n);
      const entries = await db.selectFrom('journal_entries').select('id').where('idempotency_key', '=', key).execute();
      expect(entries).toEqual([]);
      // The whole balance can go.
      const all = await money.transfer({ fromMemberId: a.id, toMemberId: b.id, amount: 1_000n, idempotencyKey: key });
      expect(all.balance).toBe(0n);
    });

    it('stops at the daily limit, this transfer included, and forgets earlier days', async () => {
      const { a, b } = await pair(50_000n);
      const send = (amount: bigint, key: string) =>
        money.transfer({ fromMemberId: a.id, toMemberId: b.id, amount, idempotencyKey: `${key}:${a.id}` });
      await send(6_000n, 'day1');
      await expect(send(4_001n, 'day2')).rejects.toMatchObject({ code: 'daily-limit' });
      expect(await money.walletBalance(a.id)).toBe(44_000n);
      await send(4_000n, 'day3');
      await expect(send(100n, 'day4')).rejects.toMatchObject({ code: 'daily-limit' });
      // Yesterday's transfers do not count today.
      await backdateEntries(db, { idempotencyKey: `day1:${a.id}` }, new Date(Date.now() - 86_400_000));
      await send(6_000n, 'day5');
      expect(await money.walletBalance(a.id)).toBe(34_000n);
    });

    it('counts the day from local midnight', async () => {
      const { a, b } = await pair(50_000n);
      // 23:30 local (UTC+3) yesterday is 20:30 UTC: with the clock at 00:30 local today, not today's.
      const now = new Date();
      const local = new Date(now.getTime() + 180 * 60_000);
      const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - 180 * 60_000;
      const early = createMoneyService({
        db,
        currency: CURRENCY,
        limits,
        now: () => new Date(midnight + 30 * 60_000),
      });
      await money.transfer({ fromMemberId: a.id, toMemberId: b.id, amount: 9_000n, idempotencyKey: `late:${a.id}` });
      await backdateEntries(db, { idempotencyKey: `late:${a.id}` }, new Date(midnight - 30 * 60_000));
      await early.transfer({ fromMemberId: a.id, toMemberId: b.id, amount: 9_000n, idempotencyKey: `early:${a.id}` });
      await expect(
        early.transfer({ fromMemberId: a.id, toMemberId: b.id, amount: 1_001n, idempotencyKey: `early2:${a.id}` }),
      ).rejects.toMatchObject({ code: 'daily-limit' });
    });

    it('refuses a locked sender, but a locked member can receive', async () => {
      const { a, b } = await pair();
      const until = new Date(Date.now() + 60_000);
      await db.updateTable('members').set({ locked_until: until }).where('id', '=', a.id).execute();
      await expect(
        money.transfer({ fromMemberId: a.id, toMemberId: b.id, amount: 100n, idempotencyKey: `locked:${a.id}` }),
      ).rejects.toMatchObject({ code: 'member-locked' });
      await db.updateTable('members').set({ locked_until: null }).where('id', '=', a.id).execute();
      await db.updateTable('members').set({ locked_until: until }).where('id', '=', b.id).execute();
      const result = await money.transfer({
        fromMemberId: a.id,
        toMemberId: b.id,
        amount: 100n,
        idempotencyKey: `to-locked:${a.id}`,
      });
      expect(result.balance).toBe(4_900n);
    });

    it('refuses unknown members, oneself and amounts out of range', async () => {
      const { a, b } = await pair();
      const nobody = randomUUID();
      const base = { fromMemberId: a.id, toMemberId: b.id, amount: 100n, idempotencyKey: `refused:${a.id}` };
      const cases: [Partial<typeof base>, string][] = [
        [{ fromMemberId: nobody }, 'unknown-member'],
        [{ toMemberId: nobody }, 'unknown-member'],
        [{ toMemberId: a.id }, 'self-transfer'],
        [{ amount: 99n }, 'below-minimum'],
        [{ amount: 5_000_001n }, 'above-maximum'],
      ];
      for (const [change, code] of cases) {
        const attempt = money.transfer({ ...base, ...change });
        await expect(attempt).rejects.toBeInstanceOf(MoneyError);
        await expect(attempt).rejects.toMatchObject({ code });
      }
      expect(await money.walletBalance(a.id)).toBe(5_000n);
    });
  });
}
