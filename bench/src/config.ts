/** Knobs read from the environment, so one `pnpm bench:hops` covers quick checks and full runs. */
export interface BenchConfig {
  /** Length of one measured run of one server. */
  seconds: number;
  /** Round-robin passes over all servers; interleaving spreads machine noise across them. */
  rounds: number;
  /** Unmeasured load per server before round 1, so the JIT is warm for every measured run. */
  warmupSeconds: number;
  connections: number;
  /** Target ids to run (BENCH_TARGETS=bare,menu-builder); all when unset. */
  targets: readonly string[] | undefined;
  skipBuild: boolean;
  /** Members registered in the service before measuring; each session uses one of them. */
  members: number;
}

export function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  }
  return value;
}

export function readConfig(): BenchConfig {
  const targets = process.env.BENCH_TARGETS?.split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  return {
    seconds: positiveNumber('BENCH_SECONDS', 10),
    rounds: Math.round(positiveNumber('BENCH_ROUNDS', 3)),
    warmupSeconds: positiveNumber('BENCH_WARMUP_SECONDS', 3),
    connections: Math.round(positiveNumber('BENCH_CONNECTIONS', 50)),
    targets: targets !== undefined && targets.length > 0 ? targets : undefined,
    skipBuild: (process.env.BENCH_SKIP_BUILD ?? '') !== '',
    members: Math.round(positiveNumber('BENCH_MEMBERS', 20)),
  };
}
