import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SessionBackend, SessionKey, SessionRecord } from './session-store.js';

// KEYS: lock, record. ARGV: token, lock ttl. Takes the lock and reads the record in one step.
const OPEN_SCRIPT = `
if redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then
  return {1, redis.call('get', KEYS[2])}
end
return {0, false}`;

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
  ussdClose(lockKey: string, recordKey: string, token: string, record: string, ttlMs: number): Promise<number>;
  ussdHit(counterKey: string, windowMs: number): Promise<number>;
}

/**
 * The session ports on Redis. A session's keys share a hash tag, `<prefix>{<session key>}:l`
 * (lock) and `:s` (record), so its scripts also run on Redis Cluster. Scripts are sent by
 * hash (EVALSHA). With `enableAutoPipelining` on the client, a hop's open and rate count
 * travel together: two round trips per hop, like a bare GET and SET.
 */
export function createRedisSessionBackend(redis: Redis, prefix = 'ussd:'): SessionBackend {
  redis.defineCommand('ussdOpen', { numberOfKeys: 2, lua: OPEN_SCRIPT });
  redis.defineCommand('ussdClose', { numberOfKeys: 2, lua: CLOSE_SCRIPT });
  redis.defineCommand('ussdHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  const scripts = redis as unknown as SessionScripts;
  const keys = (key: SessionKey) => [`${prefix}{${key}}:l`, `${prefix}{${key}}:s`] as const;

  return {
    store: {
      async open(key, lockTtlMs) {
        const [lockKey, recordKey] = keys(key);
        const token = randomUUID();
        const [locked, raw] = await scripts.ussdOpen(lockKey, recordKey, token, lockTtlMs);
        if (locked !== 1) return { token: undefined, record: undefined };
        return { token, record: raw === null ? undefined : (JSON.parse(raw) as SessionRecord<never>) };
      },
      async close(key, token, save) {
        const [lockKey, recordKey] = keys(key);
        const record = save === undefined ? '' : JSON.stringify(save.record);
        return (await scripts.ussdClose(lockKey, recordKey, token, record, save?.ttlMs ?? 0)) === 1;
      },
    },
    limiter: {
      async hit(key, limit, windowMs) {
        return (await scripts.ussdHit(`${prefix}rate:${key}`, windowMs)) <= limit;
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
