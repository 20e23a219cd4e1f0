import type { SessionKey, SessionLease, SessionStore } from './session-store.js';

const RETRY_MS = 15;

/**
 * Opens a session, waiting while another delivery holds its lock, until `deadlineAt`. `first`
 * is an attempt already made (the turn runner sends it in one round trip with the rate count).
 * The lease returned has no token when the deadline passed first.
 */
export async function waitForLease<View = unknown>(
  store: SessionStore,
  key: SessionKey,
  lockTtlMs: number,
  deadlineAt: number,
  first?: SessionLease<View>,
): Promise<SessionLease<View>> {
  let lease = first ?? (await store.open<View>(key, lockTtlMs));
  while (lease.token === undefined && Date.now() + RETRY_MS < deadlineAt) {
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    lease = await store.open<View>(key, lockTtlMs);
  }
  return lease;
}
