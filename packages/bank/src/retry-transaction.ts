import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

// serialization_failure and deadlock_detected: the transaction lost a race and may simply run again.
const RETRYABLE = new Set(['40001', '40P01']);

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

/**
 * Runs `work` in a transaction, again (a bounded number of times, with a short jittered pause)
 * when PostgreSQL reports a serialization failure or a deadlock. `work` must therefore only
 * write to the database: effects belong in the outbox.
 */
export async function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
  attempts = 5,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}
