import { randomUUID } from 'node:crypto';
import type { SessionBackend, SessionRecord } from './session-store.js';

interface Expiring<T> {
  value: T;
  expiresAt: number;
}

/**
 * The session ports in process memory, for the embedded default and tests. Records are
 * stored as JSON text so that they behave exactly like the Redis ones (no shared objects,
 * no values JSON cannot carry). One process only: it cannot be shared by several instances.
 */
export function createMemorySessionBackend(now: () => number = Date.now): SessionBackend {
  const records = new Map<string, Expiring<string>>();
  const locks = new Map<string, Expiring<string>>();
  const counters = new Map<string, Expiring<number>>();
  const cached = new Map<string, Expiring<string>>();

  function live<T>(map: Map<string, Expiring<T>>, key: string): Expiring<T> | undefined {
    const entry = map.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now()) {
      map.delete(key);
      return undefined;
    }
    return entry;
  }

  function hit(key: string, limit: number, windowMs: number): boolean {
    const entry = live(counters, key);
    if (entry === undefined) {
      counters.set(key, { value: 1, expiresAt: now() + windowMs });
      return 1 <= limit;
    }
    entry.value += 1;
    return entry.value <= limit;
  }

  // Expired entries of sessions that never come back would otherwise stay forever.
  const sweeper = setInterval(() => {
    for (const map of [records, locks, counters, cached] as Map<string, Expiring<unknown>>[]) {
      for (const key of map.keys()) live(map, key);
    }
  }, 60_000);
  sweeper.unref();

  return {
    store: {
      async open(key, lockTtlMs, count) {
        const allowed = count === undefined ? undefined : hit(count.key, count.limit, count.windowMs);
        if (live(locks, key) !== undefined) return { token: undefined, record: undefined, allowed };
        const token = randomUUID();
        locks.set(key, { value: token, expiresAt: now() + lockTtlMs });
        const stored = live(records, key);
        const record = stored === undefined ? undefined : (JSON.parse(stored.value) as SessionRecord<never>);
        return { token, record, allowed };
      },
      async close(key, token, save) {
        if (live(locks, key)?.value !== token) return false;
        if (save !== undefined) {
          records.set(key, { value: JSON.stringify(save.record), expiresAt: now() + save.ttlMs });
        }
        locks.delete(key);
        return true;
      },
    },
    limiter: {
      hit: async (key, limit, windowMs) => hit(key, limit, windowMs),
    },
    cache: {
      get: async (key) => live(cached, key)?.value,
      async set(key, value, ttlMs) {
        cached.set(key, { value, expiresAt: now() + ttlMs });
      },
      async delete(key) {
        cached.delete(key);
      },
    },
    async ping() {},
    async quit() {
      clearInterval(sweeper);
    },
  };
}
