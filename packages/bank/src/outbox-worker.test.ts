import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { claimDue, enqueue } from './outbox.repository.js';
import { createOutboxWorker, type OutboxHandler } from './outbox-worker.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

let database: TestDatabase;
let db: Kysely<Database>;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database.drop());

class Refused extends Error {}

/** A provider that, like the real ones, performs one effect per idempotency key. */
function provider() {
  const effects = new Map<string, number>();
  const calls: string[] = [];
  return {
    calls,
    effects,
    perform(key: string) {
      calls.push(key);
      effects.set(key, (effects.get(key) ?? 0) + 1);
    },
  };
}

const statusOf = async (key: string) =>
  await db
    .selectFrom('outbox')
    .select(['status', 'attempts'])
    .where('idempotency_key', '=', key)
    .executeTakeFirstOrThrow();

// Makes every pending message due now, so tests need not wait out the backoff.
const dueNow = () => sql`update outbox set next_attempt_at = now() where status = 'pending'`.execute(db);

describe('outbox worker', () => {
  it('delivers each message once and marks it done', async () => {
    const sent = provider();
    await db
      .transaction()
      .execute((trx) => enqueue(trx, { kind: 'ping', payload: { n: 1 }, idempotencyKey: 'ping-1' }));
    await db
      .transaction()
      .execute((trx) => enqueue(trx, { kind: 'ping', payload: { n: 1 }, idempotencyKey: 'ping-1' }));
    const worker = createOutboxWorker({
      db,
      handlers: { ping: { deliver: async (m) => sent.perform(m.idempotencyKey) } },
      isPermanent: () => false,
    });
    await worker.runOnce();
    await worker.runOnce();
    expect(sent.calls).toEqual(['ping-1']);
    expect(await statusOf('ping-1')).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('retries a transient failure later, and gives up on a permanent one with its undo', async () => {
    let failures = 2;
    const undone: string[] = [];
    const handlers: Record<string, OutboxHandler> = {
      flaky: {
        deliver: async () => {
          if (failures-- > 0) throw new Error('timeout');
        },
      },
      refused: {
        deliver: async () => {
          throw new Refused('invalid number');
        },
        giveUp: async (m) => {
          undone.push(m.idempotencyKey);
        },
      },
    };
    await enqueue(db, { kind: 'flaky', payload: {}, idempotencyKey: 'flaky-1' });
    await enqueue(db, { kind: 'refused', payload: {}, idempotencyKey: 'refused-1' });
    const worker = createOutboxWorker({ db, handlers, isPermanent: (e) => e instanceof Refused });
    for (let i = 0; i < 3; i++) {
      await worker.runOnce();
      await dueNow();
    }
    expect(await statusOf('flaky-1')).toMatchObject({ status: 'done', attempts: 3 });
    expect(await statusOf('refused-1')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(undone).toEqual(['refused-1']);
  });

  it('delivers exactly once when the process dies between claiming and finishing', async () => {
    const sent = provider();
    await enqueue(db, { kind: 'payout', payload: {}, idempotencyKey: 'payout-crash' });

    // The first process claims the message, performs the effect, and dies before recording it.
    const [claimed] = await claimDue(db, 10, 50);
    expect(claimed?.idempotencyKey).toBe('payout-crash');
    sent.perform('payout-crash');

    // Its lease runs out; the restarted process takes the message again with the same key.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const restarted = createOutboxWorker({
      db,
      handlers: { payout: { deliver: async (m) => sent.perform(m.idempotencyKey) } },
      isPermanent: () => false,
    });
    await restarted.runOnce();
    expect(await statusOf('payout-crash')).toMatchObject({ status: 'done', attempts: 2 });
    // Delivered twice, but both times under one key: the provider performed it once.
    expect(sent.calls).toEqual(['payout-crash', 'payout-crash']);
    expect(new Set(sent.calls).size).toBe(1);
  });

  it('never gives one message to two workers at once', async () => {
    for (let i = 0; i < 30; i++) await enqueue(db, { kind: 'many', payload: {}, idempotencyKey: `many-${i}` });
    const sent = provider();
    const handlers = { many: { deliver: async (m: { idempotencyKey: string }) => sent.perform(m.idempotencyKey) } };
    const workers = Array.from({ length: 4 }, () =>
      createOutboxWorker({ db, handlers, isPermanent: () => false, batchSize: 5 }),
    );
    await Promise.all(
      workers.map(async (w) => {
        while ((await w.runOnce()) > 0);
      }),
    );
    expect(sent.calls.filter((k) => k.startsWith('many-'))).toHaveLength(30);
    expect([...sent.effects.values()].every((n) => n === 1)).toBe(true);
  });
});
