import { AsyncLocalStorage } from 'node:async_hooks';
import { createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { PinHashPermit, PinHashPool } from './pin-hash-pool.js';

export interface PinHasher {
  hash(pin: string): Promise<string>;
  verify(pin: string, stored: string): Promise<boolean>;
  /**
   * A fast keyed digest of a PIN within `scope` (a session), to check that a confirmation
   * matches the first entry without keeping the PIN. Useless without the pepper.
   */
  digest(pin: string, scope: string): string;
  /** Compares a PIN with a digest from `digest`, in constant time. */
  matchesDigest(pin: string, scope: string, digest: string): boolean;
  /**
   * Runs `work` holding a place for one hash (a `hash` or `verify` inside it), so that a
   * saturated hasher refuses before `work` does anything: throws PinHashBusyError at once.
   */
  admit<T>(work: () => Promise<T>): Promise<T>;
}

export interface PinHasherOptions {
  /** Server-side secret mixed into every hash, kept out of the database. */
  readonly pepper: string;
  /** scrypt's N (CPU and memory cost), a power of two. */
  readonly cost?: number;
  /** Worker threads that run the hashes; without one scrypt runs on libuv's thread pool. */
  readonly pool?: PinHashPool;
}

const KEY_LENGTH = 32;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;

function deriveHere(material: Buffer, salt: Buffer, cost: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      material,
      salt,
      KEY_LENGTH,
      { N: cost, r: BLOCK_SIZE, p: PARALLELISM, maxmem: 256 * cost * BLOCK_SIZE },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/**
 * Four-digit PINs are few, so a stolen table alone must not be enough to try them all: each
 * hash is scrypt over HMAC(pepper, pin) with its own salt. Stored as
 * `scrypt$N$r$p$salt$hash` so the cost can be raised later without breaking old hashes.
 */
export function createPinHasher(options: PinHasherOptions): PinHasher {
  const cost = options.cost ?? 16_384;
  const { pool } = options;
  // The permit of the `admit` call a hash runs inside, if any.
  const permits = new AsyncLocalStorage<{ permit?: PinHashPermit }>();
  const derive = (material: Buffer, salt: Buffer, n: number): Promise<Buffer> => {
    if (pool === undefined) return deriveHere(material, salt, n);
    const held = permits.getStore();
    const permit = held?.permit;
    if (held !== undefined) held.permit = undefined;
    const job = { material, salt, cost: n, keyLength: KEY_LENGTH, blockSize: BLOCK_SIZE, parallelism: PARALLELISM };
    return pool.run(job, permit);
  };
  const peppered = (pin: string) => createHmac('sha256', options.pepper).update(pin).digest();
  const confirmationDigest = (pin: string, scope: string) =>
    createHmac('sha256', options.pepper).update(`confirm\0${scope}\0${pin}`).digest();

  return {
    async hash(pin) {
      const salt = randomBytes(16);
      const key = await derive(peppered(pin), salt, cost);
      return ['scrypt', cost, BLOCK_SIZE, PARALLELISM, salt.toString('base64'), key.toString('base64')].join('$');
    },
    async verify(pin, stored) {
      const [scheme, n, r, p, salt, expected] = stored.split('$');
      if (scheme !== 'scrypt' || salt === undefined || expected === undefined) return false;
      if (Number(r) !== BLOCK_SIZE || Number(p) !== PARALLELISM) return false;
      const expectedKey = Buffer.from(expected, 'base64');
      const key = await derive(peppered(pin), Buffer.from(salt, 'base64'), Number(n));
      return key.length === expectedKey.length && timingSafeEqual(key, expectedKey);
    },
    async admit(work) {
      if (pool === undefined) return work();
      const held = { permit: pool.acquire() as PinHashPermit | undefined };
      try {
        return await permits.run(held, work);
      } finally {
        held.permit?.release();
      }
    },
    digest: (pin, scope) => confirmationDigest(pin, scope).toString('base64url'),
    matchesDigest(pin, scope, digest) {
      const expected = Buffer.from(digest, 'base64url');
      const actual = confirmationDigest(pin, scope);
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    },
  };
}
