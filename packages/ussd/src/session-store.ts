import type { TextMark } from './chained-text.js';

/** Everything kept between two hops of one USSD session. JSON only: it lives in Redis. */
export interface SessionRecord {
  /** Which machine the snapshot belongs to, and which version of it. */
  readonly machine: string;
  readonly version: number;
  /**
   * The phone the session belongs to, as a keyed hash: a hop from any other phone neither
   * reads nor writes the record. Absent only in records written before sessions were bound.
   */
  readonly caller?: string;
  /** The machine's persisted snapshot (ids and flags, never PINs or balances to trust). */
  readonly snapshot: unknown;
  /** The previous `text`, as length and keyed hash only. */
  readonly text: TextMark;
  /** The full reply sent for that text (`CON ...` / `END ...`), for repeated hops. */
  readonly reply: string;
  /** Which page of a long screen the member is on. */
  readonly page: number;
  /** True once the session has been answered with `END`. */
  readonly ended: boolean;
}

/** The kinds of session kept in one store, each in a key space of its own. */
export type SessionSpace = 'ussd' | 'voice';

/** A session's name in the store: only `sessionKey` makes one. */
export type SessionKey = string & { readonly __sessionKey: unique symbol };

/**
 * The store key of session `id` in `space`: the space, then the id encoded in base64url. The
 * encoding has no `:`, `{` or `}`, so no id (a gateway sends any characters it likes) can name
 * another space's session, or break out of the Redis hash tag.
 */
export function sessionKey(space: SessionSpace, id: string): SessionKey {
  return `${space}:${Buffer.from(id, 'utf8').toString('base64url')}` as SessionKey;
}

export interface SessionLease {
  /** Proof of holding the session's lock; undefined when another delivery holds it. */
  readonly token: string | undefined;
  /** The session's record, read under the lock (undefined for a new session). */
  readonly record: SessionRecord | undefined;
}

/**
 * Where session records live between hops, under a short exclusive lock per session so that
 * two deliveries of one session never interleave, even on different server processes. Two
 * steps per hop, each one round trip: `open` locks and reads, `close` saves and unlocks.
 * Both implementations round-trip records through JSON.
 */
export interface SessionStore {
  open(key: SessionKey, lockTtlMs: number): Promise<SessionLease>;
  /**
   * Saves `save.record` (when given) and releases the lock, only while `token` still holds
   * it. False when the lock had expired and the record was not saved.
   */
  close(key: SessionKey, token: string, save?: { record: SessionRecord; ttlMs: number }): Promise<boolean>;
}

/** Counts hits per key in a fixed window. */
export interface RateLimiter {
  /** Records one hit; true while the key is within `limit` hits per `windowMs`. */
  hit(key: string, limit: number, windowMs: number): Promise<boolean>;
}

/** The session ports together, as one backend (Redis, or this process's memory) provides them. */
export interface SessionBackend {
  readonly store: SessionStore;
  readonly limiter: RateLimiter;
  /** Resolves when the backend answers; rejects otherwise (readiness checks). */
  ping(): Promise<void>;
  quit(): Promise<void>;
}
