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
 * The connections the service runs on: PostgreSQL and Redis when configured, otherwise the
 * embedded defaults (PGlite in this process, sessions in memory) that need nothing installed.
 */
export async function openRuntime(config: Readonly<Config>, logger: Logger): Promise<Runtime> {
  let db: Kysely<Database>;
  let pool: PoolStats | undefined;
  if (config.DATABASE_URL === undefined) {
    db = await connectEmbedded(join(config.DATA_DIR, 'pglite'));
    // Nobody runs `db:migrate` for the embedded database: it is brought up to date here.
    await migrateToLatest(db);
  } else {
    db = connectPostgres({
      url: config.DATABASE_URL,
      poolSize: config.DATABASE_POOL_SIZE,
      onPool: (opened) => {
        pool = opened;
      },
    });
  }

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
