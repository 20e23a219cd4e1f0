import { Redis } from 'ioredis';

/** Settings the harness passes to the comparison servers it spawns. */
export function serverEnv(): { port: number; host: string; redisUrl: string } {
  return {
    port: Number(process.env.PORT ?? 3000),
    host: process.env.HOST ?? '127.0.0.1',
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
}

/**
 * The same client options as the service, so the comparison servers are not handicapped:
 * auto-pipelining batches the commands of concurrent hops into one write, and a request
 * fails after one retry instead of queueing while Redis is away.
 */
export function connectRedis(url: string): Redis {
  return new Redis(url, { enableAutoPipelining: true, maxRetriesPerRequest: 1 });
}

/** USSD sessions live minutes at most; the TTL keeps bench keys from piling up in Redis. */
export const SESSION_TTL_MS = 120_000;

/** Stops cleanly on SIGTERM so the harness's stop() is quick and leaves no half-open sockets. */
export function onShutdown(close: () => Promise<void>): void {
  process.once('SIGTERM', () => {
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
