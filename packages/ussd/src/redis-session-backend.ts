import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SessionBackend, SessionRecord } from './session-store.js';

// Deletes the lock only if it still holds our token: a lock that expired and was taken by
// another delivery must not be released by us.
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

// Counts a hit and starts the window on the first one, atomically.
const HIT_SCRIPT = `local n = redis.call('incr', KEYS[1]) if n == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end return n`;

/**
 * The session ports on Redis. Keys are `<prefix>s:<sessionId>` (record), `<prefix>l:<id>`
 * (lock) and `<prefix>r:<key>` (rate counter), each with a TTL. The client should be created
 * with `enableAutoPipelining`, so the lock, the read and the rate count of a hop travel in
 * one round trip.
 */
export function createRedisSessionBackend(redis: Redis, prefix = 'ussd:'): SessionBackend {
  return {
    store: {
      async get(sessionId) {
        const raw = await redis.get(`${prefix}s:${sessionId}`);
        return raw === null ? undefined : (JSON.parse(raw) as SessionRecord);
      },
      async set(sessionId, record, ttlMs) {
        await redis.set(`${prefix}s:${sessionId}`, JSON.stringify(record), 'PX', ttlMs);
      },
    },
    locks: {
      async acquire(sessionId, ttlMs) {
        const token = randomUUID();
        const taken = await redis.set(`${prefix}l:${sessionId}`, token, 'PX', ttlMs, 'NX');
        return taken === 'OK' ? token : undefined;
      },
      async release(sessionId, token) {
        await redis.eval(RELEASE_SCRIPT, 1, `${prefix}l:${sessionId}`, token);
      },
    },
    limiter: {
      async hit(key, limit, windowMs) {
        const count = (await redis.eval(HIT_SCRIPT, 1, `${prefix}r:${key}`, windowMs)) as number;
        return count <= limit;
      },
    },
    async ping() {
      await redis.ping();
    },
    async close() {
      await redis.quit();
    },
  };
}
