import type { Database } from '@sacco/bank';
import { outflowSince } from '@sacco/bank/testing';
import type { Kysely } from 'kysely';
import { percentile } from '../stats.js';
import { BENCH_LIMITS } from './seed.js';

export interface OutflowProbe {
  /** `outflowSince` for one wallet, median of the calls, ms (round trip included). */
  outflowMs: number;
  /** A one-row select by primary key on the same connection, for scale. */
  pointSelectMs: number;
  /** Journal entries dated today: what the check's join has to get through. */
  entriesToday: number;
}

const CALLS = 21;

/** Start of the local day, as `checkDailyOutflow` in packages/bank/src/limits.ts computes it. */
function startOfDay(now: Date, utcOffsetMinutes: number): Date {
  const offsetMs = utcOffsetMinutes * 60_000;
  const local = new Date(now.getTime() + offsetMs);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - offsetMs);
}

async function median(work: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    await work();
    samples.push(performance.now() - t0);
  }
  return percentile(Float64Array.from(samples).sort(), 50);
}

/**
 * Times the daily-outflow check that every transfer runs, on the ledger as the load left it,
 * with the bank's own query (`outflowSince`), next to a trivial query on the same connection.
 */
export async function probeOutflowCheck(db: Kysely<Database>, walletId: string): Promise<OutflowProbe> {
  const since = startOfDay(new Date(), BENCH_LIMITS.utcOffsetMinutes);
  return db.transaction().execute(async (trx) => {
    const outflowMs = await median(() => outflowSince(trx, walletId, since));
    const pointSelectMs = await median(() =>
      trx.selectFrom('accounts').select('balance').where('id', '=', walletId).executeTakeFirst(),
    );
    const row = await trx
      .selectFrom('journal_entries')
      .select(trx.fn.countAll<string>().as('n'))
      .where('created_at', '>=', since)
      .executeTakeFirstOrThrow();
    return { outflowMs, pointSelectMs, entriesToday: Number(row.n) };
  });
}
