import { join } from 'node:path';
import { connectEmbedded, connectPostgres, type Database, migrateToLatest } from '@sacco/bank';
import type { Config } from '@sacco/config';
import { createMemorySessionBackend, createRedisSessionBackend, type SessionBackend } from '@sacco/ussd';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { PoolStats } from './metrics.js';

export interface Runtime {
  readonly db: Kysely<Database>;
  readonly sessions: SessionBackend;
  /** The PostgreSQL pool's counts (absent on the embedded database), for the metrics. */
  readonly pool?: () => PoolStats | undefined;
  /** The Redis client, when sessions live in Redis (its errors are counted). */
  readonly redis?: Redis;
  close(): Promise<void>;
}

/** A Redis client tuned for USSD hops: fail fast rather than keep a member waiting. */
export function createRedisClient(url: string): Redis {
  return new Redis(url, {
    // The lock, read and rate count of a hop leave in one round trip.
    enableAutoPipelining: true,
    // While Redis is away a hop fails at once and the member gets a polite END.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    lazyConnect: true,
  });
}

/**
 * The configured database: PostgreSQL at DATABASE_URL, or the embedded PGlite in DATA_DIR
 * (brought up to date here, since nobody runs `db:migrate` for it).
 */
export async function openDatabase(
  config: Readonly<Config>,
  onPool?: (pool: PoolStats) => void,
): Promise<Kysely<Database>> {
  if (config.DATABASE_URL !== undefined) {
    return connectPostgres({
      url: config.DATABASE_URL,
      poolSize: config.DATABASE_POOL_SIZE,
      preparedStatements: config.DATABASE_PREPARED_STATEMENTS === 'on',
      ...(onPool === undefined ? {} : { onPool }),
    });
  }
  const db = await connectEmbedded(join(config.DATA_DIR, 'pglite'));
  // Nobody runs `db:migrate` for the embedded database: it is brought up to date here.
  await migrateToLatest(db);
  return db;
}

/**
 * The connections the service runs on: PostgreSQL and Redis when configured, otherwise the
 * embedded defaults (PGlite in this process, sessions in memory) that need nothing installed.
 */
export async function openRuntime(config: Readonly<Config>, logger: Logger): Promise<Runtime> {
  let pool: PoolStats | undefined;
  const db = await openDatabase(config, (opened) => {
    pool = opened;
  });

  let sessions: SessionBackend;
  let redis: Redis | undefined;
  if (config.REDIS_URL === undefined) {
    sessions = createMemorySessionBackend();
  } else {
    redis = createRedisClient(config.REDIS_URL);
    redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
    await redis.connect().catch((error) => logger.error({ err: error }, 'redis not reachable at boot'));
    sessions = createRedisSessionBackend(redis, config.REDIS_KEY_PREFIX);
  }

  return {
    db,
    sessions,
    pool: () => pool,
    ...(redis === undefined ? {} : { redis }),
    async close() {
      await Promise.allSettled([sessions.quit(), db.destroy()]);
    },
  };
}
