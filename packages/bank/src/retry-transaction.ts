import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

// serialization_failure and deadlock_detected: the transaction lost a race and may simply run again.
const RETRYABLE = new Set(['40001', '40P01']);

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

/**
 * Runs `work` again (a bounded number of times, with a short jittered pause) when PostgreSQL
 * reports a serialization failure or a deadlock. `work` must be one transaction (or one
 * statement, which is its own transaction) that only writes to the database: effects belong in
 * the outbox.
 */
export async function retrying<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

/** Runs `work` in a transaction, again when it loses a race (see `retrying`). */
export function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
  attempts = 5,
): Promise<T> {
  return retrying(() => db.transaction().execute(work), attempts);
}
