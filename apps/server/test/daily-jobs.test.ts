import { connectPostgres } from '@sacco/bank';
import { createTestDatabase, type TestDatabase } from '@sacco/bank/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveOutbox, localClock, runOncePerDay, startDailyJobs } from '../src/daily-jobs.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('localClock', () => {
  it('gives the local day and hour east of UTC', () => {
    expect(localClock(new Date('2026-12-01T21:30:00Z'), 180)).toEqual({ day: '2026-12-02', hour: 0 });
    expect(localClock(new Date('2026-12-01T02:59:00Z'), 180)).toEqual({ day: '2026-12-01', hour: 5 });
    expect(localClock(new Date('2026-12-01T00:30:00Z'), -300)).toEqual({ day: '2026-11-30', hour: 19 });
  });
});

describe('runOncePerDay', () => {
  it('runs a job once per day across instances on their own pools, under an advisory lock', async () => {
    const instances = [database.db, connectPostgres({ url: database.url, poolSize: 3 })];
    let runs = 0;
    const run = async () => {
      runs += 1;
      await sleep(300);
      return { runs };
    };
    try {
      const outcomes = await Promise.all(
        instances.map((db) => runOncePerDay(db, { job: 'test-job', day: '2026-12-01', run, lock: true })),
      );
      expect(runs).toBe(1);
      expect(outcomes.sort()).toEqual(['busy', 'ran']);
      // Later that day, on either instance: already done.
      expect(
        await runOncePerDay(instances[1] ?? database.db, { job: 'test-job', day: '2026-12-01', run, lock: true }),
      ).toBe('done-already');
      // The next day runs again.
      expect(await runOncePerDay(database.db, { job: 'test-job', day: '2026-12-02', run, lock: true })).toBe('ran');
      expect(runs).toBe(2);
    } finally {
      await instances[1]?.destroy();
    }
  });

  it('records nothing when the job fails, so a later check runs it again', async () => {
    const failing = () => Promise.reject(new Error('boom'));
    await expect(
      runOncePerDay(database.db, { job: 'flaky', day: '2026-12-01', run: failing, lock: true }),
    ).rejects.toThrow('boom');
    expect(await runOncePerDay(database.db, { job: 'flaky', day: '2026-12-01', run: async () => 1, lock: true })).toBe(
      'ran',
    );
  });
});

describe('startDailyJobs', () => {
  it('does nothing before the local hour, and runs each job once that day from then on', async () => {
    let at = new Date('2026-12-05T02:00:00Z'); // 05:00 in Nairobi (UTC+3)
    const ran: string[] = [];
    const outcomes: string[] = [];
    const jobs = startDailyJobs({
      db: database.db,
      lock: true,
      utcOffsetMinutes: 180,
      localHour: 6,
      jobs: { alpha: async () => ran.push('alpha'), beta: async () => ran.push('beta') },
      onRun: (job, outcome) => outcomes.push(`${job}:${outcome}`),
      checkEveryMs: 3_600_000,
      now: () => at,
    });
    try {
      await jobs.checkNow();
      expect(ran).toEqual([]);
      at = new Date('2026-12-05T03:00:00Z'); // 06:00
      await jobs.checkNow();
      await jobs.checkNow();
      expect(ran).toEqual(['alpha', 'beta']);
      expect(outcomes).toEqual(['alpha:ran', 'beta:ran', 'alpha:done-already', 'beta:done-already']);
    } finally {
      await jobs.stop();
    }
  });
});

describe('archiveOutbox', () => {
  it('moves finished rows older than the retention to outbox_archive, with their request id, and keeps the rest', async () => {
    const db = database.db;
    const old = new Date(Date.now() - 40 * 86_400_000);
    await db
      .insertInto('outbox')
      .values([
        { kind: 'sms', payload: '{}', idempotency_key: 'arch-old-done', status: 'done', request_id: 'r-1' },
        { kind: 'sms', payload: '{}', idempotency_key: 'arch-old-failed', status: 'failed', next_attempt_at: old },
        { kind: 'sms', payload: '{}', idempotency_key: 'arch-new-done', status: 'done' },
        { kind: 'sms', payload: '{}', idempotency_key: 'arch-old-pending', status: 'pending', next_attempt_at: old },
      ])
      .execute();
    await db.updateTable('outbox').set({ done_at: old }).where('idempotency_key', '=', 'arch-old-done').execute();
    await db
      .updateTable('outbox')
      .set({ done_at: new Date() })
      .where('idempotency_key', '=', 'arch-new-done')
      .execute();

    expect(await archiveOutbox(db, 30, 1)).toBe(2);
    const left = await db
      .selectFrom('outbox')
      .select('idempotency_key')
      .where('idempotency_key', 'like', 'arch-%')
      .execute();
    expect(left.map((row) => row.idempotency_key).sort()).toEqual(['arch-new-done', 'arch-old-pending']);
    const archived = await db
      .selectFrom('outbox_archive')
      .select(['idempotency_key', 'request_id', 'status'])
      .execute();
    expect(archived.sort((a, b) => a.idempotency_key.localeCompare(b.idempotency_key))).toEqual([
      { idempotency_key: 'arch-old-done', request_id: 'r-1', status: 'done' },
      { idempotency_key: 'arch-old-failed', request_id: null, status: 'failed' },
    ]);
    expect(await archiveOutbox(db, 30)).toBe(0);
  });
});
