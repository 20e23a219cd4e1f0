import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { startOfLocalDay } from './limits.js';
import { createMoneyService } from './money.service.js';
import { TEST_BACKENDS } from './test-backends.js';
import { CURRENCY, createMember, fund, GENEROUS_LIMITS, ledgerViolations } from './test-ledger-fixtures.js';
import { backdateEntries, outflowSince } from './testing.js';

// The daily outflow is read from per-hour counters that a trigger on postings keeps (migration
// 2026-12-01T08-00). Whatever moved, and from whatever instant it is asked, it must give what
// the rule over the postings themselves gives: outflow kinds going out, net of refunds.
/** The rule as it was before the counters: a sum over the wallet's postings since `since`. */
async function outflowFromPostings(db: Kysely<Database>, walletId: string, since: Date): Promise<bigint> {
  const result = await sql<{ outflow: string }>`
    select coalesce(sum(case
      when entry_kind in ('transfer', 'payout.hold', 'airtime.hold') and amount > 0 then amount
      when entry_kind in ('payout.reverse', 'airtime.reverse') and amount < 0 then amount
      else 0 end), 0)::text as outflow
    from postings where account_id = ${walletId}::uuid and posted_at >= ${since}::timestamptz`.execute(db);
  return BigInt(result.rows[0]?.outflow ?? '0');
}

for (const backend of TEST_BACKENDS) {
  describe(`the daily outflow on ${backend.name}`, () => {
    let db: Kysely<Database>;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ db, close } = await backend.open());
    }, 60_000);
    afterAll(async () => {
      expect(await ledgerViolations(db)).toEqual([]);
      await close();
    });

    it('reads the same from the counters as from the postings, after sends, refunds and backdating', async () => {
      const money = createMoneyService({ db, currency: CURRENCY, limits: GENEROUS_LIMITS });
      const a = await createMember(db, 'Amina Ali');
      const b = await createMember(db, 'Baraka Otieno');
      await fund(db, a.walletId, 10_000_000n);
      await fund(db, b.walletId, 1_000_000n);
      const key = (what: string) => `outflow:${a.id}:${what}`;

      await money.transfer({ fromMemberId: a.id, toMemberId: b.id, amount: 1_500n, idempotencyKey: key('t1') });
      await money.transfer({ fromMemberId: b.id, toMemberId: a.id, amount: 700n, idempotencyKey: key('t2') });
      const paid = await money.requestWithdrawal({
        memberId: a.id,
        phone: a.phone,
        amount: 20_000n,
        idempotencyKey: key('w1'),
      });
      const refunded = await money.requestWithdrawal({
        memberId: a.id,
        phone: a.phone,
        amount: 30_000n,
        idempotencyKey: key('w2'),
      });
      await money.failPaymentRequest(refunded.payment.id, 'invalid number');
      const airtime = await money.buyAirtime({
        memberId: a.id,
        phone: a.phone,
        amount: 5_000n,
        idempotencyKey: key('a1'),
      });
      await money.failPaymentRequest(airtime.payment.id, 'invalid number');
      await money.buyAirtime({ memberId: a.id, phone: a.phone, amount: 1_000n, idempotencyKey: key('a2') });
      // Moved to other hours and days after the fact: the counters follow their postings.
      await backdateEntries(db, { idempotencyKey: key('t1') }, new Date(Date.now() - 26 * 3_600_000));
      await backdateEntries(
        db,
        { idempotencyKey: `payment:${paid.payment.id}:hold` },
        new Date(Date.now() - 95 * 60_000),
      );

      const now = new Date();
      const instants = [
        startOfLocalDay(now, 180),
        startOfLocalDay(now, 330),
        startOfLocalDay(now, -45),
        new Date(now.getTime() - 27 * 3_600_000),
        new Date(now.getTime() - 100 * 60_000),
        new Date(now.getTime() - 90 * 60_000 - 1_234),
        new Date(now.getTime() + 60_000),
      ];
      for (const wallet of [a.walletId, b.walletId]) {
        for (const since of instants) {
          const counted = await db.transaction().execute((trx) => outflowSince(trx, wallet, since));
          expect({ since, counted }).toEqual({ since, counted: await outflowFromPostings(db, wallet, since) });
        }
      }
      // Not a vacuous comparison: the day holds the sends, net of the refunded withdrawal and airtime.
      expect(await outflowFromPostings(db, a.walletId, new Date(now.getTime() - 100 * 60_000))).toBe(21_000n);
      expect(await outflowFromPostings(db, a.walletId, new Date(now.getTime() - 27 * 3_600_000))).toBe(22_500n);
    });
  });
}
