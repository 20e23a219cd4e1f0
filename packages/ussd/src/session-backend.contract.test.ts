import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemorySessionBackend } from './memory-session-backend.js';
import { createRedisSessionBackend } from './redis-session-backend.js';
import type { SessionBackend, SessionRecord } from './session-store.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = new Redis(REDIS_URL, { enableAutoPipelining: true, maxRetriesPerRequest: 1 });
const prefix = `test:${randomUUID()}:`;

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

const record: SessionRecord = {
  machine: 'session',
  version: 3,
  snapshot: { status: 'active', value: { account: 'menu' }, context: { balance: { minor: '12345' } } },
  text: { length: 5, hash: 'abc' },
  reply: 'CON Karibu, Amina\n1. Weka pesa',
  page: 0,
  ended: false,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// One suite, two implementations: the in-memory store must behave exactly like Redis.
describe.each<[string, () => SessionBackend]>([
  ['memory', () => createMemorySessionBackend()],
  ['redis', () => createRedisSessionBackend(redis, prefix)],
])('%s session backend', (_name, create) => {
  const backend = create();

  it('has nothing for an unknown session', async () => {
    expect(await backend.store.get(randomUUID())).toBeUndefined();
  });

  it('round-trips a record through JSON', async () => {
    const id = randomUUID();
    await backend.store.set(id, record, 10_000);
    const loaded = await backend.store.get(id);
    expect(loaded).toEqual(record);
    expect(loaded).not.toBe(record);
  });

  it('forgets a record after its time to live', async () => {
    const id = randomUUID();
    await backend.store.set(id, record, 50);
    await sleep(120);
    expect(await backend.store.get(id)).toBeUndefined();
  });

  it('gives a lock to one holder at a time', async () => {
    const id = randomUUID();
    const token = await backend.locks.acquire(id, 10_000);
    expect(token).toBeTypeOf('string');
    expect(await backend.locks.acquire(id, 10_000)).toBeUndefined();
    await backend.locks.release(id, 'not-the-token');
    expect(await backend.locks.acquire(id, 10_000)).toBeUndefined();
    await backend.locks.release(id, token as string);
    expect(await backend.locks.acquire(id, 10_000)).toBeTypeOf('string');
  });

  it('frees a lock whose holder never released it', async () => {
    const id = randomUUID();
    expect(await backend.locks.acquire(id, 50)).toBeTypeOf('string');
    await sleep(120);
    expect(await backend.locks.acquire(id, 50)).toBeTypeOf('string');
  });

  it('counts hits per window', async () => {
    const key = randomUUID();
    expect(await backend.limiter.hit(key, 2, 100)).toBe(true);
    expect(await backend.limiter.hit(key, 2, 100)).toBe(true);
    expect(await backend.limiter.hit(key, 2, 100)).toBe(false);
    await sleep(150);
    expect(await backend.limiter.hit(key, 2, 100)).toBe(true);
  });

  it('answers a ping', async () => {
    await expect(backend.ping()).resolves.toBeUndefined();
  });
});
