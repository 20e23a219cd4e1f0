import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemorySessionBackend } from './memory-session-backend.js';
import { createRedisSessionBackend } from './redis-session-backend.js';
import { type SessionBackend, type SessionRecord, sessionKey } from './session-store.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = new Redis(REDIS_URL, { enableAutoPipelining: true, maxRetriesPerRequest: 1 });
const prefix = `test:${randomUUID()}:`;

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

const record: SessionRecord<{ text: { length: number; hash: string }; reply: string; page: number }> = {
  machine: 'session',
  version: 3,
  snapshot: { status: 'active', value: { account: 'menu' }, context: { balance: { minor: '12345' } } },
  view: { text: { length: 5, hash: 'abc' }, reply: 'CON Karibu, Amina\n1. Weka pesa', page: 0 },
  ended: false,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// One suite, two implementations: the in-memory store must behave exactly like Redis.
describe.each<[string, () => SessionBackend]>([
  ['memory', () => createMemorySessionBackend()],
  ['redis', () => createRedisSessionBackend(redis, prefix)],
])('%s session backend', (_name, create) => {
  const backend = create();

  it('opens a new session with no record', async () => {
    const lease = await backend.store.open(sessionKey('ussd', randomUUID()), 10_000);
    expect(lease.token).toBeTypeOf('string');
    expect(lease.record).toBeUndefined();
  });

  it('round-trips a record through JSON between close and the next open', async () => {
    const id = sessionKey('ussd', randomUUID());
    const first = await backend.store.open(id, 10_000);
    expect(await backend.store.close(id, first.token as string, { record, ttlMs: 10_000 })).toBe(true);
    const second = await backend.store.open(id, 10_000);
    expect(second.record).toEqual(record);
    expect(second.record).not.toBe(record);
  });

  it('forgets a record after its time to live', async () => {
    const id = sessionKey('ussd', randomUUID());
    const lease = await backend.store.open(id, 10_000);
    await backend.store.close(id, lease.token as string, { record, ttlMs: 50 });
    await sleep(120);
    expect((await backend.store.open(id, 10_000)).record).toBeUndefined();
  });

  it('lets one delivery hold a session at a time', async () => {
    const id = sessionKey('ussd', randomUUID());
    const first = await backend.store.open(id, 10_000);
    expect(first.token).toBeTypeOf('string');
    expect(await backend.store.open(id, 10_000)).toEqual({ token: undefined, record: undefined });
    expect(await backend.store.close(id, 'not-the-token', { record, ttlMs: 10_000 })).toBe(false);
    expect((await backend.store.open(id, 10_000)).token).toBeUndefined();
    expect(await backend.store.close(id, first.token as string)).toBe(true);
    const next = await backend.store.open(id, 10_000);
    expect(next.token).toBeTypeOf('string');
    expect(next.record).toBeUndefined();
  });

  it('frees the lock of a holder that never closed, and ignores that holder later', async () => {
    const id = sessionKey('ussd', randomUUID());
    const stale = await backend.store.open(id, 50);
    await sleep(120);
    const fresh = await backend.store.open(id, 10_000);
    expect(fresh.token).toBeTypeOf('string');
    expect(await backend.store.close(id, stale.token as string, { record, ttlMs: 10_000 })).toBe(false);
    expect(await backend.store.close(id, fresh.token as string)).toBe(true);
    expect((await backend.store.open(id, 10_000)).record).toBeUndefined();
  });

  it('keeps USSD and voice sessions apart, whatever characters an id carries', async () => {
    const call = randomUUID();
    const voice = sessionKey('voice', call);
    const lease = await backend.store.open(voice, 10_000);
    await backend.store.close(voice, lease.token as string, { record, ttlMs: 10_000 });
    for (const forged of [`voice:${call}`, `}:s`, `{voice:${call}}`, Buffer.from(call).toString('base64url')]) {
      const ussd = await backend.store.open(sessionKey('ussd', forged), 10_000);
      expect(ussd.record).toBeUndefined();
      await backend.store.close(sessionKey('ussd', forged), ussd.token as string, {
        record: { ...record, view: { ...record.view, reply: 'CON forged' } },
        ttlMs: 10_000,
      });
    }
    expect((await backend.store.open(voice, 10_000)).record).toEqual(record);
  });

  it('counts hits per window', async () => {
    const key = randomUUID();
    expect(await backend.limiter.hit(key, 2, 100)).toBe(true);
    expect(await backend.limiter.hit(key, 2, 100)).toBe(true);
    expect(await backend.limiter.hit(key, 2, 100)).toBe(false);
    await sleep(150);
    expect(await backend.limiter.hit(key, 2, 100)).toBe(true);
  });

  it('counts a hit with an open, on the same counter, whether or not the lock is free', async () => {
    const count = { key: randomUUID(), limit: 2, windowMs: 10_000 };
    const id = sessionKey('ussd', randomUUID());
    const first = await backend.store.open(id, 10_000, count);
    expect(first).toMatchObject({ allowed: true, record: undefined });
    expect((await backend.store.open(id, 10_000, count)).allowed).toBe(true);
    expect(await backend.store.open(id, 10_000, count)).toEqual({
      token: undefined,
      record: undefined,
      allowed: false,
    });
    expect(await backend.limiter.hit(count.key, 3, 10_000)).toBe(false);
    await backend.store.close(id, first.token as string);
  });

  it('answers a ping', async () => {
    await expect(backend.ping()).resolves.toBeUndefined();
  });
});
