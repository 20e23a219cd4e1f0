import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres } from './connect.js';
import type { Database } from './database.js';
import { createMoneyService } from './money.service.js';
import { MoneyError } from './money-error.js';
import { CURRENCY, createMember, fund, GENEROUS_LIMITS, ledgerViolations } from './test-ledger-fixtures.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

// In the manner of Jepsen's bank test: many clients move money among a few wallets at once, on
// the real PostgreSQL, with deliberate retries of the same operation; afterwards the books must
// still balance to the cent and no wallet may be negative.
let database: TestDatabase;
let pool: Kysely<Database>;
beforeAll(async () => {
  database = await createTestDatabase();
  // Dozens of operations queue for 16 connections here: let them wait, as a loaded server's would.
  pool = connectPostgres({ url: database.url, poolSize: 16, connectTimeoutMs: 60_000 });
});
afterAll(async () => {
  await pool.destroy();
  await database.drop();
});

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

describe('concurrent money movements', () => {
  it('keep every ledger invariant', async () => {
    const money = createMoneyService({ db: pool, currency: CURRENCY, limits: GENEROUS_LIMITS });
    const members = await Promise.all(Array.from({ length: 5 }, (_, i) => createMember(pool, `Wallet ${i}`)));
    for (const m of members) await fund(pool, m.walletId, 200_000n);
    const initialTotal = 1_000_000n;

    const expectedRefusals = new Set(['insufficient-funds', 'daily-limit']);
    let done = 0;
    let refused = 0;
    const settlements: Promise<unknown>[] = [];

    async function client(id: number) {
      for (let i = 0; i < 25; i++) {
        const from = pick(members);
        const to = pick(members.filter((m) => m !== from));
        const amount = BigInt(100 * (1 + Math.floor(Math.random() * 600)));
        const key = `c${id}:${i}`;
        const roll = Math.random();
        try {
          if (roll < 0.6) {
            const transfer = { fromMemberId: from.id, toMemberId: to.id, amount, idempotencyKey: key };
            // The same operation twice at once, as a gateway retry would send it.
            await Promise.all([money.transfer(transfer), money.transfer(transfer)]);
          } else if (roll < 0.8) {
            const { payment } = await money.requestWithdrawal({
              memberId: from.id,
              phone: from.phone,
              amount,
              idempotencyKey: key,
            });
            const result = {
              providerRequestId: `AG_${key}`,
              idempotencyKey: key,
              succeeded: Math.random() < 0.5,
              description: 'r',
            };
            // The provider's callback, delivered twice and racing the next operations.
            settlements.push(money.settlePayout(result), money.settlePayout(result));
            void payment;
          } else {
            const payment = await money.requestDeposit({
              memberId: to.id,
              phone: to.phone,
              amount,
              idempotencyKey: key,
            });
            await money.recordProviderRequest(payment.id, `ws_${key}`);
            const result = {
              providerRequestId: `ws_${key}`,
              succeeded: true,
              description: 'ok',
              amount,
              phone: to.phone,
            };
            settlements.push(money.settleDeposit(result), money.settleDeposit(result));
          }
          done++;
        } catch (error) {
          if (error instanceof MoneyError && expectedRefusals.has(error.code)) refused++;
          else throw error;
        }
      }
    }

    await Promise.all(Array.from({ length: 12 }, (_, id) => client(id)));
    await Promise.all(settlements);
    expect(done + refused).toBe(12 * 25);
    expect(done).toBeGreaterThan(100);

    expect(await ledgerViolations(pool)).toEqual([]);

    // Money is neither made nor lost: wallets plus payouts in flight equal what came in minus what went out.
    const deposited = await pool
      .selectFrom('payments')
      .select(pool.fn.sum<string>('amount').as('total'))
      .where('kind', '=', 'deposit')
      .where('status', '=', 'succeeded')
      .executeTakeFirstOrThrow();
    const paidOut = await pool
      .selectFrom('payments')
      .select(pool.fn.sum<string>('amount').as('total'))
      .where('kind', '=', 'payout')
      .where('status', '=', 'succeeded')
      .executeTakeFirstOrThrow();
    const wallets = await pool
      .selectFrom('accounts')
      .select(pool.fn.sum<string>('balance').as('total'))
      .where(
        'member_id',
        'in',
        members.map((m) => m.id),
      )
      .executeTakeFirstOrThrow();
    const inFlight = await pool
      .selectFrom('payments')
      .select(pool.fn.sum<string>('amount').as('total'))
      .where('kind', '=', 'payout')
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    expect(BigInt(wallets.total) + BigInt(inFlight.total ?? '0')).toBe(
      initialTotal + BigInt(deposited.total ?? '0') - BigInt(paidOut.total ?? '0'),
    );
  }, 60_000);

  it('never needs a second pool connection inside a transaction, even on first use of system accounts', async () => {
    // Three connections, ten movements at once, and a fresh service whose system account ids are
    // not cached yet: a lookup outside the transaction would wait for a connection forever.
    const small = connectPostgres({ url: database.url, poolSize: 3, connectTimeoutMs: 10_000 });
    try {
      const money = createMoneyService({ db: small, currency: CURRENCY, limits: GENEROUS_LIMITS });
      const member = await createMember(small);
      await fund(small, member.walletId, 1_000_000n);
      const withdrawals = Array.from({ length: 10 }, (_, i) =>
        money.requestWithdrawal({
          memberId: member.id,
          phone: member.phone,
          amount: 1_000n,
          idempotencyKey: `small:${i}`,
        }),
      );
      await Promise.all(withdrawals);
      expect(await money.walletBalance(member.id)).toBe(990_000n);
    } finally {
      await small.destroy();
    }
  }, 30_000);
});
