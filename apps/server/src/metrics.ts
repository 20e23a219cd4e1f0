import {
  type Database,
  OUTBOX_AIRTIME_REQUEST,
  OUTBOX_DEPOSIT_REQUEST,
  OUTBOX_PAYOUT_REQUEST,
  OUTBOX_VOICE_CALL,
  type PinHasher,
  SMS_OUTBOX_KIND,
} from '@sacco/bank';
import { type Kysely, sql } from 'kysely';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every series the service exports, by name. docker/monitoring's alerts and dashboard are
 * tested against this list, so a renamed metric cannot leave them silently blind.
 */
export const METRIC_NAMES = {
  hopDuration: 'sacco_ussd_hop_duration_seconds',
  hops: 'sacco_ussd_hops_total',
  outboxBacklog: 'sacco_outbox_backlog',
  outboxOldestDueAge: 'sacco_outbox_oldest_due_age_seconds',
  effects: 'sacco_outbox_effects_total',
  payments: 'sacco_payments',
  paymentsInDoubtOldestAge: 'sacco_payments_in_doubt_oldest_age_seconds',
  providerCalls: 'sacco_provider_calls_total',
  providerCallDuration: 'sacco_provider_call_duration_seconds',
  pinHashQueueDepth: 'sacco_pin_hash_queue_depth',
  pinHashWait: 'sacco_pin_hash_wait_seconds',
  pgPoolInUse: 'sacco_pg_pool_in_use',
  pgPoolWaiting: 'sacco_pg_pool_waiting',
  redisErrors: 'sacco_redis_errors_total',
  dailyJobRuns: 'sacco_daily_job_runs_total',
  outboxArchived: 'sacco_outbox_archived_total',
  eventLoopLag: 'nodejs_eventloop_lag_seconds',
  eventLoopLagP99: 'nodejs_eventloop_lag_p99_seconds',
} as const;

/** Hop outcomes that showed the member an apology instead of the next screen. */
export const APOLOGY_OUTCOMES = ['error', 'timeout', 'busy'] as const;

/** What a connection pool tells about itself (a `pg.Pool` has these). */
export interface PoolStats {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

/**
 * How a PIN hasher reports its queue: the bounded worker pool calls these, or, until it does,
 * `instrumentPinHasher` counts the hashes in flight and how long each waited for its result.
 */
export interface PinHashObserver {
  /** The number of hashes queued or running now. */
  depth(n: number): void;
  /** How long one hash waited, queue and work, in seconds. */
  waited(seconds: number): void;
}

export interface MetricsOptions {
  /** Database for the scrape-time gauges (outbox backlog, payments by state). */
  readonly db?: Kysely<Database>;
  /** The PostgreSQL pool, for connections in use and callers waiting. */
  readonly pool?: () => PoolStats | undefined;
  /** Default Node.js metrics (event-loop lag, heap, GC); on unless false. */
  readonly defaults?: boolean;
}

/** The outbox kinds the service writes: shown at 0 when none is waiting, so alerts see a series. */
const KNOWN_KINDS = [
  SMS_OUTBOX_KIND,
  OUTBOX_DEPOSIT_REQUEST,
  OUTBOX_PAYOUT_REQUEST,
  OUTBOX_AIRTIME_REQUEST,
  OUTBOX_VOICE_CALL,
];

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];

/** The journey a screen belongs to: `session.sendMoney.confirm` is `sendMoney`. */
export function journeyOf(stateId: string | undefined): string {
  if (stateId === undefined) return 'none';
  const parts = stateId.split('.');
  return parts[1] ?? parts[0] ?? 'none';
}

/** The service's metrics, in a registry of their own (several services may share a test process). */
export function createMetrics(options: MetricsOptions = {}) {
  const registry = new Registry();
  if (options.defaults !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const hopDuration = new Histogram({
    name: METRIC_NAMES.hopDuration,
    help: 'Time to answer one USSD hop, by outcome and journey',
    labelNames: ['outcome', 'journey'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const hops = new Counter({
    name: METRIC_NAMES.hops,
    help: 'USSD hops answered, by outcome (error, timeout and busy are apologies)',
    labelNames: ['outcome'] as const,
    registers,
  });
  const effects = new Counter({
    name: METRIC_NAMES.effects,
    help: 'Outbox deliveries, by kind and outcome (delivered, retry, failed)',
    labelNames: ['kind', 'outcome'] as const,
    registers,
  });
  const providerCalls = new Counter({
    name: METRIC_NAMES.providerCalls,
    help: 'Calls to providers, by provider, operation and outcome (ok, error, permanent)',
    labelNames: ['provider', 'operation', 'outcome'] as const,
    registers,
  });
  const providerCallDuration = new Histogram({
    name: METRIC_NAMES.providerCallDuration,
    help: 'Latency of provider calls, by provider, operation and outcome',
    labelNames: ['provider', 'operation', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const pinHashQueueDepth = new Gauge({
    name: METRIC_NAMES.pinHashQueueDepth,
    help: 'PIN hashes queued or running',
    registers,
  });
  const pinHashWait = new Histogram({
    name: METRIC_NAMES.pinHashWait,
    help: 'Time from asking for a PIN hash to its result (queue and work)',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
    registers,
  });
  const redisErrors = new Counter({
    name: METRIC_NAMES.redisErrors,
    help: 'Errors reported by the Redis client (connection lost, refused, timed out)',
    registers,
  });
  const dailyJobRuns = new Counter({
    name: METRIC_NAMES.dailyJobRuns,
    help: 'Checks of the daily jobs on this instance, by job and outcome (ran, done-already, busy, failed)',
    labelNames: ['job', 'outcome'] as const,
    registers,
  });
  const outboxArchived = new Counter({
    name: METRIC_NAMES.outboxArchived,
    help: 'Finished outbox rows moved to outbox_archive by this instance',
    registers,
  });

  const pool = options.pool;
  new Gauge({
    name: METRIC_NAMES.pgPoolInUse,
    help: 'PostgreSQL connections checked out of the pool',
    registers,
    collect() {
      const stats = pool?.();
      if (stats !== undefined) this.set(stats.totalCount - stats.idleCount);
    },
  });
  new Gauge({
    name: METRIC_NAMES.pgPoolWaiting,
    help: 'Callers waiting for a PostgreSQL connection',
    registers,
    collect() {
      const stats = pool?.();
      if (stats !== undefined) this.set(stats.waitingCount);
    },
  });

  // The database gauges are read once per scrape (both outbox gauges share one query).
  const db = options.db;
  let outboxRead: Promise<readonly OutboxRow[]> | undefined;
  let paymentsRead: Promise<PaymentRows> | undefined;
  const outboxRows = () => {
    if (db === undefined) return Promise.resolve([]);
    outboxRead ??= readOutbox(db);
    return outboxRead;
  };
  const paymentRows = () => {
    if (db === undefined) return Promise.resolve({ states: [], oldestInDoubtSeconds: 0 });
    paymentsRead ??= readPayments(db);
    return paymentsRead;
  };
  // Both outbox gauges read the same rows at a scrape; every known kind shows, at 0 when idle.
  const outboxGauge = (name: string, help: string, value: (row: OutboxRow) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['kind'] as const,
      registers,
      async collect() {
        const rows = await outboxRows().catch(() => undefined);
        if (rows === undefined) return;
        this.reset();
        for (const kind of KNOWN_KINDS) this.set({ kind }, 0);
        for (const row of rows) this.set({ kind: row.kind }, value(row));
      },
    });
  outboxGauge(
    METRIC_NAMES.outboxBacklog,
    'Outbox messages not yet finished (pending or being sent), by kind',
    (row) => row.backlog,
  );
  outboxGauge(
    METRIC_NAMES.outboxOldestDueAge,
    'How long the oldest due, unfinished outbox message has been waiting, by kind',
    (row) => row.oldestDueSeconds,
  );
  new Gauge({
    name: METRIC_NAMES.payments,
    help: 'Payments by state (pending, in_doubt, succeeded, failed, reversed; needs_operator counts those an operator must decide)',
    labelNames: ['state'] as const,
    registers,
    async collect() {
      const read = await paymentRows().catch(() => undefined);
      if (read === undefined) return;
      this.reset();
      for (const row of read.states) this.set({ state: row.state }, row.count);
    },
  });
  new Gauge({
    name: METRIC_NAMES.paymentsInDoubtOldestAge,
    help: 'Age of the oldest payment still in doubt (0 when none is)',
    registers,
    async collect() {
      const read = await paymentRows().catch(() => undefined);
      if (read !== undefined) this.set(read.oldestInDoubtSeconds);
    },
  });

  return {
    registry,
    /** One hop answered. */
    hop(outcome: string, stateId: string | undefined, seconds: number) {
      hopDuration.observe({ outcome, journey: journeyOf(stateId) }, seconds);
      hops.inc({ outcome });
    },
    effect(kind: string, outcome: 'delivered' | 'retry' | 'failed') {
      effects.inc({ kind, outcome });
    },
    providerCall(provider: string, operation: string, outcome: string, seconds: number) {
      providerCalls.inc({ provider, operation, outcome });
      providerCallDuration.observe({ provider, operation, outcome }, seconds);
    },
    pinHash: {
      depth: (n: number) => pinHashQueueDepth.set(n),
      waited: (seconds: number) => pinHashWait.observe(seconds),
    } satisfies PinHashObserver,
    redisError() {
      redisErrors.inc();
    },
    dailyJob(job: string, outcome: string) {
      dailyJobRuns.inc({ job, outcome });
    },
    archived(n: number) {
      if (n > 0) outboxArchived.inc(n);
    },
    /** The Prometheus text exposition. */
    async text() {
      outboxRead = undefined;
      paymentsRead = undefined;
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

export type ServiceMetrics = ReturnType<typeof createMetrics>;

interface OutboxRow {
  kind: string;
  backlog: number;
  oldestDueSeconds: number;
}

interface PaymentRows {
  states: { state: string; count: number }[];
  oldestInDoubtSeconds: number;
}

async function readOutbox(db: Kysely<Database>): Promise<OutboxRow[]> {
  const { rows } = await sql<{ kind: string; backlog: string; oldest: string | null }>`
    select kind, count(*)::text as backlog,
      extract(epoch from now() - min(next_attempt_at) filter (where next_attempt_at <= now()))::text as oldest
    from outbox where status in ('pending', 'sending') group by kind`.execute(db);
  return rows.map((row) => ({
    kind: row.kind,
    backlog: Number(row.backlog),
    oldestDueSeconds: Number(row.oldest ?? 0),
  }));
}

async function readPayments(db: Kysely<Database>): Promise<PaymentRows> {
  const { rows } = await sql<{ state: string; count: string }>`
    select status as state, count(*)::text as count from payments group by status
    union all select 'needs_operator', count(*)::text from payments where needs_operator`.execute(db);
  const { rows: doubt } = await sql<{ oldest: string | null }>`
    select extract(epoch from now() - min(created_at))::text as oldest from payments where status = 'in_doubt'`.execute(
    db,
  );
  const states = new Map<string, number>([
    ['pending', 0],
    ['in_doubt', 0],
    ['succeeded', 0],
    ['failed', 0],
    ['reversed', 0],
    ['needs_operator', 0],
  ]);
  for (const row of rows) states.set(row.state, Number(row.count));
  return {
    states: [...states].map(([state, count]) => ({ state, count })),
    oldestInDoubtSeconds: Number(doubt[0]?.oldest ?? 0),
  };
}

/**
 * Counts PIN hashes in flight and times each from the call to its result. When the hasher
 * becomes a bounded worker pool, it can report its own queue through a `PinHashObserver`.
 */
export function instrumentPinHasher(hasher: PinHasher, observer: PinHashObserver): PinHasher {
  let inFlight = 0;
  const timed = async <T>(work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    inFlight += 1;
    observer.depth(inFlight);
    try {
      return await work();
    } finally {
      inFlight -= 1;
      observer.depth(inFlight);
      observer.waited((performance.now() - started) / 1000);
    }
  };
  return {
    ...hasher,
    hash: (pin) => timed(() => hasher.hash(pin)),
    verify: (pin, stored) => timed(() => hasher.verify(pin, stored)),
  };
}

/**
 * The same port, with every method call counted and timed under `provider`. Works on plain
 * objects and class instances alike; non-function properties pass through untouched.
 */
export function instrumentPort<T extends object>(
  port: T,
  provider: string,
  metrics: Pick<ServiceMetrics, 'providerCall'>,
  classify: (error: unknown) => string = () => 'error',
): T {
  return new Proxy(port, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        const started = performance.now();
        const seconds = () => (performance.now() - started) / 1000;
        let result: unknown;
        try {
          result = value.apply(target, args);
        } catch (error) {
          metrics.providerCall(provider, property, classify(error), seconds());
          throw error;
        }
        if (!(result instanceof Promise)) return result;
        return result.then(
          (resolved) => {
            metrics.providerCall(provider, property, 'ok', seconds());
            return resolved;
          },
          (error: unknown) => {
            metrics.providerCall(provider, property, classify(error), seconds());
            throw error;
          },
        );
      };
    },
  });
}
