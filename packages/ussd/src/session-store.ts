import type { TextMark } from './chained-text.js';

/** Everything kept between two hops of one USSD session. JSON only: it lives in Redis. */
export interface SessionRecord {
  /** Which machine the snapshot belongs to, and which version of it. */
  readonly machine: string;
  readonly version: number;
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

/** Where session records live between hops. Both implementations round-trip through JSON. */
export interface SessionStore {
  get(sessionId: string): Promise<SessionRecord | undefined>;
  set(sessionId: string, record: SessionRecord, ttlMs: number): Promise<void>;
}

/** A short exclusive lock per session, so two deliveries of one session never interleave. */
export interface SessionLocks {
  /** Returns a token when the lock was taken, undefined when someone else holds it. */
  acquire(sessionId: string, ttlMs: number): Promise<string | undefined>;
  release(sessionId: string, token: string): Promise<void>;
}

/** Counts hits per key in a fixed window. */
export interface RateLimiter {
  /** Records one hit; true while the key is within `limit` hits per `windowMs`. */
  hit(key: string, limit: number, windowMs: number): Promise<boolean>;
}

/** The three session ports together, as one backend provides them. */
export interface SessionBackend {
  readonly store: SessionStore;
  readonly locks: SessionLocks;
  readonly limiter: RateLimiter;
  /** Resolves when the backend answers; rejects otherwise (readiness checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
