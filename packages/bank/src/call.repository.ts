import { type Kysely, sql, type Transaction } from 'kysely';
import type { CallRecord } from './call.service.js';
import type { Database } from './database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Whether the member asked for a call-back after `since`. */
export async function hasCallRequestSince(db: Db, memberId: string, since: Date): Promise<boolean> {
  const recent = await db
    .selectFrom('call_requests')
    .select('id')
    .where('member_id', '=', memberId)
    .where('requested_at', '>', since)
    .executeTakeFirst();
  return recent !== undefined;
}

/** Records a call-back asked for; its id. */
export async function insertCallRequest(
  db: Db,
  request: { memberId: string; phone: string; idempotencyKey: string; requestedAt: Date },
): Promise<string> {
  const call = await db
    .insertInto('call_requests')
    .values({
      member_id: request.memberId,
      phone: request.phone,
      idempotency_key: request.idempotencyKey,
      requested_at: request.requestedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return call.id;
}

export async function setProviderSession(
  db: Db,
  callRequestId: string,
  providerSessionId: string | null,
): Promise<void> {
  await db
    .updateTable('call_requests')
    .set({ provider_session_id: providerSessionId })
    .where('id', '=', callRequestId)
    .execute();
}

/** How many call-backs a member asked for since `since` (inclusive). */
export async function countCallRequests(db: Db, memberId: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('call_requests')
    .select(sql<string>`count(*)`.as('n'))
    .where('member_id', '=', memberId)
    .where('requested_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Stores a finished call once; false when its session was already stored. */
export async function insertCallRecord(db: Db, record: CallRecord): Promise<boolean> {
  const inserted = await db
    .insertInto('call_records')
    .values({
      session_id: record.sessionId,
      direction: record.direction,
      caller_number: record.callerNumber,
      destination_number: record.destinationNumber,
      duration_seconds: record.durationSeconds,
      currency: record.currency,
      amount_minor: record.amountMinor,
      call_state: record.callState,
      hangup_cause: record.hangupCause,
      dial_destination: record.dialDestination,
      dial_duration_seconds: record.dialDurationSeconds,
      recording_url: record.recordingUrl,
      status: record.status,
      choice: record.choice,
    })
    .onConflict((oc) => oc.column('session_id').doNothing())
    .returning('session_id')
    .executeTakeFirst();
  return inserted !== undefined;
}
