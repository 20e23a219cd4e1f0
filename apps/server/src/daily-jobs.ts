import type { Database } from '@sacco/bank';
import { type Kysely, sql } from 'kysely';

/** The local calendar day (`YYYY-MM-DD`) and hour at `at`, `utcOffsetMinutes` east of UTC. */
export function localClock(at: Date, utcOffsetMinutes: number): { day: string; hour: number } {
  const local = new Date(at.getTime() + utcOffsetMinutes * 60_000);
  return { day: local.toISOString().slice(0, 10), hour: local.getUTCHours() };
}

export type DailyRunOutcome = 'ran' | 'done-already' | 'busy';

export interface DailyRunOptions<T> {
  readonly job: string;
  /** The local day this run is for. */
  readonly day: string;
  /** The work; its result is kept with the run. */
  readonly run: () => Promise<T>;
  /**
   * Whether instances must agree through a PostgreSQL advisory lock (a real server). The
   * embedded database has one instance and one connection, which the lock would pin.
   */
  readonly lock: boolean;
}

const lockKey = (job: string) => `sacco:daily:${job}`;

/**
 * Runs `job` once for `day` across every instance: under a session advisory lock (the others
 * see it taken and go on), and only if no run for that day is recorded in `scheduled_runs`.
 * A run that fails records nothing, so the next tick tries again.
 */
export async function runOncePerDay<T>(db: Kysely<Database>, options: DailyRunOptions<T>): Promise<DailyRunOutcome> {
  const { job, day } = options;
  const doneAlready = async (conn: Kysely<Database>) =>
    (await conn
      .selectFrom('scheduled_runs')
      .select('job')
      .where('job', '=', job)
      .where('run_on', '=', day)
      .executeTakeFirst()) !== undefined;
  const runAndRecord = async (conn: Kysely<Database>): Promise<DailyRunOutcome> => {
    if (await doneAlready(conn)) return 'done-already';
    const result = await options.run();
    await conn
      .insertInto('scheduled_runs')
      .values({ job, run_on: day, result: JSON.stringify(result ?? {}) })
      .onConflict((oc) => oc.columns(['job', 'run_on']).doNothing())
      .execute();
    return 'ran';
  };
  if (!options.lock) return runAndRecord(db);

  // One pinned connection holds the lock for the whole run; the work uses the pool as usual.
  return db.connection().execute(async (conn) => {
    const { rows } = await sql<{ locked: boolean }>`
      select pg_try_advisory_lock(hashtextextended(${lockKey(job)}, 0)) as locked`.execute(conn);
    if (rows[0]?.locked !== true) return 'busy';
    try {
      return await runAndRecord(conn);
    } finally {
      await sql`select pg_advisory_unlock(hashtextextended(${lockKey(job)}, 0))`.execute(conn);
    }
  });
}

/**
 * Moves finished outbox rows (done or failed) older than `retentionDays` into
 * `outbox_archive`, in batches; resolves with how many moved. Their idempotency keys stay
 * searchable there; the effects themselves were performed long ago.
 */
export async function archiveOutbox(db: Kysely<Database>, retentionDays: number, batchSize = 1_000): Promise<number> {
  let moved = 0;
  for (;;) {
    const { rows } = await sql<{ n: string }>`
      with finished as (
        delete from outbox where id in (
          select id from outbox
          where status in ('done', 'failed')
            and coalesce(done_at, next_attempt_at, created_at) < now() - make_interval(days => ${retentionDays})
          order by id limit ${batchSize} for update skip locked)
        returning id, kind, payload, idempotency_key, status, attempts, last_error, created_at, done_at, request_id),
      archived as (
        insert into outbox_archive (id, kind, payload, idempotency_key, status, attempts, last_error, created_at, done_at, request_id)
        select * from finished on conflict (id) do nothing returning 1)
      select count(*)::text as n from finished`.execute(db);
    const n = Number(rows[0]?.n ?? 0);
    moved += n;
    if (n < batchSize) return moved;
  }
}

export interface DailyJobsOptions {
  readonly db: Kysely<Database>;
  readonly lock: boolean;
  readonly utcOffsetMinutes: number;
  /** The local hour from which the day's jobs are due (they catch up later that day if missed). */
  readonly localHour: number;
  readonly jobs: Readonly<Record<string, () => Promise<unknown>>>;
  readonly onRun?: (job: string, outcome: DailyRunOutcome | 'failed', detail?: unknown) => void;
  readonly checkEveryMs?: number;
  readonly now?: () => Date;
}

/**
 * The daily jobs: each instance looks every minute whether today's run of each is due (the
 * local hour has come) and not yet done; one instance runs it, the others skip.
 */
export function startDailyJobs(options: DailyJobsOptions) {
  const now = options.now ?? (() => new Date());
  let running: Promise<void> | undefined;
  let stopped = false;

  async function tick(): Promise<void> {
    const clock = localClock(now(), options.utcOffsetMinutes);
    if (clock.hour < options.localHour) return;
    for (const [job, run] of Object.entries(options.jobs)) {
      if (stopped) return;
      try {
        const outcome = await runOncePerDay(options.db, { job, day: clock.day, run, lock: options.lock });
        options.onRun?.(job, outcome);
      } catch (error) {
        options.onRun?.(job, 'failed', error);
      }
    }
  }
  const check = () => {
    if (running !== undefined || stopped) return;
    running = tick().finally(() => {
      running = undefined;
    });
  };
  const timer = setInterval(check, options.checkEveryMs ?? 60_000);
  timer.unref();
  check();

  return {
    /** Checks now; resolves when this check (or the one under way) is over. */
    async checkNow() {
      check();
      await running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
