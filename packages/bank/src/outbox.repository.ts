import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './database.js';
import { currentRequestId } from './request-context.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface OutboxMessage {
  readonly kind: string;
  readonly payload: unknown;
  /** One effect per key, ever: also handed to the provider where it takes one. */
  readonly idempotencyKey: string;
  /** Not performed before this time (a call-back asked for outside the call hours). */
  readonly notBefore?: Date | undefined;
}

export interface ClaimedMessage extends OutboxMessage {
  readonly id: bigint;
  /** This claim's attempt number, from 1. */
  readonly attempts: number;
  /** The request that wrote the message, when one did. */
  readonly requestId?: string;
}

/** Writes effects to perform, in the caller's transaction; the same key twice is kept once. */
export async function enqueue(db: Db, ...messages: readonly OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const requestId = currentRequestId() ?? null;
  await db
    .insertInto('outbox')
    .values(
      messages.map((message) => ({
        kind: message.kind,
        payload: JSON.stringify(message.payload),
        idempotency_key: message.idempotencyKey,
        request_id: requestId,
        ...(message.notBefore === undefined ? {} : { next_attempt_at: message.notBefore }),
      })),
    )
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
}

/**
 * Claims up to `limit` due messages for `leaseMs`: pending ones whose time has come, and ones
 * whose previous claimant vanished (crash, restart) without finishing. `SKIP LOCKED` lets any
 * number of workers claim side by side without taking the same row.
 */
export async function claimDue(db: Kysely<Database>, limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
  const rows = await db
    .updateTable('outbox')
    .set({
      status: 'sending',
      attempts: sql`attempts + 1`,
      locked_until: sql`now() + ${`${leaseMs} milliseconds`}::interval`,
    })
    .where(
      'id',
      'in',
      db
        .selectFrom('outbox')
        .select('id')
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', sql<Date>`now()`)]),
            eb.and([eb('status', '=', 'sending'), eb('locked_until', '<', sql<Date>`now()`)]),
          ]),
        )
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'kind', 'payload', 'idempotency_key', 'attempts', 'request_id'])
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    payload: row.payload,
    idempotencyKey: row.idempotency_key,
    attempts: row.attempts,
    ...(row.request_id === null ? {} : { requestId: row.request_id }),
  }));
}

export async function markDone(db: Db, id: bigint): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'done', done_at: new Date(), locked_until: null, last_error: null })
    .where('id', '=', id)
    .execute();
}

export async function markRetry(db: Db, id: bigint, error: string, delayMs: number): Promise<void> {
  await db
    .updateTable('outbox')
    .set({
      status: 'pending',
      locked_until: null,
      last_error: error.slice(0, 1000),
      next_attempt_at: sql`now() + ${`${delayMs} milliseconds`}::interval`,
    })
    .where('id', '=', id)
    .execute();
}

export async function markFailed(db: Db, id: bigint, error: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'failed', locked_until: null, last_error: error.slice(0, 1000) })
    .where('id', '=', id)
    .execute();
}
