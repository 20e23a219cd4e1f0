import type { LoadResult } from './autocannon-run.js';
import type { Target } from './target.js';

/** One measured run of one server. */
export interface RoundResult extends LoadResult {
  /** Server CPU time used during the run (user + system), microseconds. */
  cpuMicros: number;
}

export interface TargetSummary {
  id: string;
  label: string;
  rounds: number;
  hopsPerSec: number;
  hopsPerSecMin: number;
  hopsPerSecMax: number;
  p50Ms: number;
  p99Ms: number;
  cpuMicrosPerHop: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  mismatchSamples: string[];
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/**
 * Folds the rounds of one server into one row. Throughput and p50 are means over rounds;
 * p99 is the worst round's, so one bad round cannot hide behind good ones; CPU per hop is
 * total CPU over total hops, which weights each round by the work it did.
 */
export function summarize(target: Target, rounds: readonly RoundResult[]): TargetSummary {
  if (rounds.length === 0) throw new Error(`${target.id}: no rounds measured`);
  const hops = rounds.map((r) => r.hopsPerSec);
  const completed = sum(rounds.map((r) => r.completed));
  return {
    id: target.id,
    label: target.label,
    rounds: rounds.length,
    hopsPerSec: mean(hops),
    hopsPerSecMin: Math.min(...hops),
    hopsPerSecMax: Math.max(...hops),
    p50Ms: mean(rounds.map((r) => r.p50Ms)),
    p99Ms: Math.max(...rounds.map((r) => r.p99Ms)),
    cpuMicrosPerHop: completed > 0 ? sum(rounds.map((r) => r.cpuMicros)) / completed : Number.NaN,
    errors: sum(rounds.map((r) => r.errors)),
    timeouts: sum(rounds.map((r) => r.timeouts)),
    non2xx: sum(rounds.map((r) => r.non2xx)),
    mismatches: sum(rounds.map((r) => r.mismatches)),
    mismatchSamples: rounds.flatMap((r) => r.mismatchSamples).slice(0, 5),
  };
}

/** Hops that did not get the expected reply, for whatever reason. */
export function wrongReplies(s: TargetSummary): number {
  return s.errors + s.non2xx + s.mismatches;
}

/**
 * The p-th percentile (0-100) of samples already sorted ascending, nearest-rank: the smallest
 * sample with at least p% of all samples at or below it. NaN when there are none.
 */
export function percentile(sortedAscending: ArrayLike<number>, p: number): number {
  const n = sortedAscending.length;
  if (n === 0) return Number.NaN;
  const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
  return sortedAscending[rank - 1] as number;
}
