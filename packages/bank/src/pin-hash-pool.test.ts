import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createPinHashPool, PinHashBusyError, type PinHashPool } from './pin-hash-pool.js';
import { createPinHasher } from './pin-hasher.js';

const job = (cost = 16_384) => ({
  material: randomBytes(32),
  salt: randomBytes(16),
  cost,
  keyLength: 32,
  blockSize: 8,
  parallelism: 1,
});

describe('createPinHashPool', () => {
  let pool: PinHashPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('runs no more hashes at once than it has workers, and queues up to its limit', async () => {
    pool = createPinHashPool({ size: 2, queueLimit: 3, maxWaitMs: 60_000 });
    const opened = pool;
    const running: Promise<Buffer>[] = [];
    let most = 0;
    for (let i = 0; i < 5; i += 1) running.push(opened.run(job()));
    const watch = setInterval(() => {
      most = Math.max(most, opened.load().running);
    }, 1);
    const keys = await Promise.all(running);
    clearInterval(watch);
    expect(keys.every((key) => key.length === 32)).toBe(true);
    expect(most).toBeLessThanOrEqual(2);
  });

  it('refuses at once, before any work, past its queue limit', async () => {
    pool = createPinHashPool({ size: 1, queueLimit: 2, maxWaitMs: 60_000 });
    const accepted = [pool.run(job()), pool.run(job()), pool.run(job())];
    const started = Date.now();
    await expect(pool.run(job())).rejects.toBeInstanceOf(PinHashBusyError);
    expect(() => pool?.acquire()).toThrow(PinHashBusyError);
    expect(Date.now() - started).toBeLessThan(20);
    expect(pool.load()).toEqual({ running: 1, queued: 2, held: 0 });
    await Promise.all(accepted);
  });

  it('refuses when the expected wait is longer than allowed', async () => {
    pool = createPinHashPool({ size: 1, queueLimit: 100, maxWaitMs: 1 });
    // The first hash teaches the pool how long a hash takes.
    await pool.run(job(65_536));
    expect(pool.expectedWaitMs()).toBe(0);
    const first = pool.run(job(65_536));
    expect(pool.expectedWaitMs()).toBeGreaterThan(1);
    await expect(pool.run(job())).rejects.toBeInstanceOf(PinHashBusyError);
    await first;
  });

  it('holds a place for an admitted hash so that later callers are refused instead', async () => {
    pool = createPinHashPool({ size: 1, queueLimit: 0, maxWaitMs: 60_000 });
    const permit = pool.acquire();
    expect(() => pool?.acquire()).toThrow(PinHashBusyError);
    const key = await pool.run(job(), permit);
    expect(key.length).toBe(32);
    expect(pool.load()).toEqual({ running: 0, queued: 0, held: 0 });
  });
});

describe('createPinHasher on a pool', () => {
  it('verifies what it hashed, as without a pool', async () => {
    const pool = createPinHashPool({ size: 2, queueLimit: 4, maxWaitMs: 60_000 });
    const hasher = createPinHasher({ pepper: 'test-pepper', cost: 1024, pool });
    const plain = createPinHasher({ pepper: 'test-pepper', cost: 1024 });
    const stored = await hasher.admit(() => hasher.hash('4826'));
    expect(await plain.verify('4826', stored)).toBe(true);
    expect(await hasher.verify('4826', await plain.hash('4826'))).toBe(true);
    expect(await hasher.verify('4827', stored)).toBe(false);
    await pool.close();
  });

  it('refuses inside admit before the work starts when the pool is saturated', async () => {
    const pool = createPinHashPool({ size: 1, queueLimit: 0, maxWaitMs: 60_000 });
    const hasher = createPinHasher({ pepper: 'test-pepper', cost: 1024, pool });
    const busy = pool.run(job());
    let started = false;
    await expect(
      hasher.admit(async () => {
        started = true;
        return hasher.hash('4826');
      }),
    ).rejects.toBeInstanceOf(PinHashBusyError);
    expect(started).toBe(false);
    await busy;
    await pool.close();
  });
});
