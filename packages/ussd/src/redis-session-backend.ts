import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SessionBackend, SessionKey, SessionRecord } from './session-store.js';

// KEYS: lock, record. ARGV: token, lock ttl. Takes the lock and reads the record in one step.
const OPEN_SCRIPT = `
if redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then
  return {1, redis.call('get', KEYS[2])}
end
return {0, false}`;

// KEYS: lock, record, counter. ARGV: token, lock ttl, window, limit. OPEN_SCRIPT with the
// caller's hit counted first (whether or not the lock is free), in the same step.
const COUNTED_OPEN_SCRIPT = `
local n = redis.call('incr', KEYS[3])
if n == 1 then redis.call('pexpire', KEYS[3], ARGV[3]) end
local allowed = 1
if n > tonumber(ARGV[4]) then allowed = 0 end
if redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then
  return {1, allowed, redis.call('get', KEYS[2])}
end
return {0, allowed, false}`;

// KEYS: lock, record. ARGV: token, record JSON ('' to save nothing), record ttl. Saves and
// unlocks only while the token still holds the lock: a holder whose lock expired (and may
// have been taken by another delivery) must not overwrite that delivery's record.
const CLOSE_SCRIPT = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] ~= '' then redis.call('set', KEYS[2], ARGV[2], 'PX', ARGV[3]) end
redis.call('del', KEYS[1])
return 1`;

// KEYS: counter. ARGV: window. Counts a hit and starts the window on the first one.
const HIT_SCRIPT = `
local n = redis.call('incr', KEYS[1])
if n == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end
return n`;

interface SessionScripts {
  ussdOpen(lockKey: string, recordKey: string, token: string, lockTtlMs: number): Promise<[number, string | null]>;
  ussdCountedOpen(
    lockKey: string,
    recordKey: string,
    counterKey: string,
    token: string,
    lockTtlMs: number,
    windowMs: number,
    limit: number,
  ): Promise<[number, number, string | null]>;
  ussdClose(lockKey: string, recordKey: string, token: string, record: string, ttlMs: number): Promise<number>;
  ussdHit(counterKey: string, windowMs: number): Promise<number>;
}

/**
 * The session ports on Redis. A session's keys share a hash tag, `<prefix>{<session key>}:l`
 * (lock) and `:s` (record), so its scripts also run on Redis Cluster. Scripts are sent by
 * hash (EVALSHA). A hop's rate count is taken by its open script (the counter is in another
 * slot, so on Redis Cluster it goes as a command of its own, pipelined with the open): two
 * round trips per hop, like a bare GET and SET.
 */
export function createRedisSessionBackend(redis: Redis, prefix = 'ussd:'): SessionBackend {
  redis.defineCommand('ussdOpen', { numberOfKeys: 2, lua: OPEN_SCRIPT });
  redis.defineCommand('ussdClose', { numberOfKeys: 2, lua: CLOSE_SCRIPT });
  redis.defineCommand('ussdHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  redis.defineCommand('ussdCountedOpen', { numberOfKeys: 3, lua: COUNTED_OPEN_SCRIPT });
  const scripts = redis as unknown as SessionScripts;
  // A script may only touch keys of one slot on Redis Cluster: there the count goes apart.
  const cluster = (redis as { isCluster?: boolean }).isCluster === true;
  const counterKey = (key: string) => `${prefix}rate:${key}`;
  const parse = (raw: string | null) => (raw === null ? undefined : (JSON.parse(raw) as SessionRecord<never>));
  const keys = (key: SessionKey) => [`${prefix}{${key}}:l`, `${prefix}{${key}}:s`] as const;

  return {
    store: {
      async open(key, lockTtlMs, count) {
        const [lockKey, recordKey] = keys(key);
        const token = randomUUID();
        if (count !== undefined && !cluster) {
          const [locked, allowed, raw] = await scripts.ussdCountedOpen(
            lockKey,
            recordKey,
            counterKey(count.key),
            token,
            lockTtlMs,
            count.windowMs,
            count.limit,
          );
          if (locked !== 1) return { token: undefined, record: undefined, allowed: allowed === 1 };
          return { token, record: parse(raw), allowed: allowed === 1 };
        }
        const [hits, [locked, raw]] = await Promise.all([
          count === undefined ? 0 : scripts.ussdHit(counterKey(count.key), count.windowMs),
          scripts.ussdOpen(lockKey, recordKey, token, lockTtlMs),
        ]);
        const allowed = count === undefined ? undefined : hits <= count.limit;
        if (locked !== 1) return { token: undefined, record: undefined, allowed };
        return { token, record: parse(raw), allowed };
      },
      async close(key, token, save) {
        const [lockKey, recordKey] = keys(key);
        const record = save === undefined ? '' : JSON.stringify(save.record);
        return (await scripts.ussdClose(lockKey, recordKey, token, record, save?.ttlMs ?? 0)) === 1;
      },
    },
    limiter: {
      async hit(key, limit, windowMs) {
        return (await scripts.ussdHit(counterKey(key), windowMs)) <= limit;
      },
    },
    cache: {
      async get(key) {
        return (await redis.get(`${prefix}cache:${key}`)) ?? undefined;
      },
      async set(key, value, ttlMs) {
        await redis.set(`${prefix}cache:${key}`, value, 'PX', ttlMs);
      },
      async delete(key) {
        await redis.del(`${prefix}cache:${key}`);
      },
    },
    async ping() {
      await redis.ping();
    },
    async quit() {
      await redis.quit();
    },
  };
}
