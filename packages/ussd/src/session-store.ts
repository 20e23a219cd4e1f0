/**
 * Everything kept between two requests of one session, whatever the channel. JSON only: it
 * lives in Redis. `view` is the channel's own part (for USSD the previous text's mark, the
 * reply and the page shown).
 */
export interface SessionRecord<View = unknown> {
  /** Which machine the snapshot belongs to, and which version of it. */
  readonly machine: string;
  readonly version: number;
  /**
   * The phone the session belongs to, as a keyed hash: a hop from any other phone neither
   * reads nor writes the record. Absent where the channel binds no caller.
   */
  readonly caller?: string;
  /** The machine's persisted snapshot (ids and flags, never PINs or balances to trust); null once ended by an apology. */
  readonly snapshot: unknown;
  /** True once the session has been answered with its last reply. */
  readonly ended: boolean;
  readonly view: View;
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

export interface SessionLease<View = unknown> {
  /** Proof of holding the session's lock; undefined when another delivery holds it. */
  readonly token: string | undefined;
  /** The session's record, read under the lock (undefined for a new session). */
  readonly record: SessionRecord<View> | undefined;
  /** False when the hit counted with this open (see `SessionStore.open`) was over its limit. */
  readonly allowed?: boolean;
}

/** A hit to count in the same step as a lock, on a fixed-window counter (see `RateLimiter`). */
export interface CountedHit {
  readonly key: string;
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * Where session records live between hops, under a short exclusive lock per session so that
 * two deliveries of one session never interleave, even on different server processes. Two
 * steps per hop, each one round trip: `open` locks and reads, `close` saves and unlocks.
 * Both implementations round-trip records through JSON.
 */
export interface SessionStore {
  /**
   * Locks and reads. With `count`, also records one hit on that counter, whether or not the
   * lock is free (as `RateLimiter.hit` would), in the same round trip; `allowed` tells.
   */
  open<View>(key: SessionKey, lockTtlMs: number, count?: CountedHit): Promise<SessionLease<View>>;
  /**
   * Saves `save.record` (when given) and releases the lock, only while `token` still holds
   * it. False when the lock had expired and the record was not saved.
   */
  close<View>(key: SessionKey, token: string, save?: { record: SessionRecord<View>; ttlMs: number }): Promise<boolean>;
}

/** Counts hits per key in a fixed window. */
export interface RateLimiter {
  /** Records one hit; true while the key is within `limit` hits per `windowMs`. */
  hit(key: string, limit: number, windowMs: number): Promise<boolean>;
}

/**
 * Short-lived values shared by every instance: a cache in front of the database, never the
 * source of truth. Values expire by themselves; `delete` takes one out at once.
 */
export interface SharedCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** The session ports together, as one backend (Redis, or this process's memory) provides them. */
export interface SessionBackend {
  readonly store: SessionStore;
  readonly limiter: RateLimiter;
  readonly cache: SharedCache;
  /** Resolves when the backend answers; rejects otherwise (readiness checks). */
  ping(): Promise<void>;
  quit(): Promise<void>;
}
