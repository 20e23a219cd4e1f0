import { type Kysely, sql } from 'kysely';
import { type CallHours, nextCallTime } from './call-hours.js';
import type { Database } from './database.js';
import { enqueue } from './outbox.repository.js';
import { OUTBOX_VOICE_CALL } from './outbox-kinds.js';
import { inTransaction } from './retry-transaction.js';

export interface CallServiceOptions {
  readonly db: Kysely<Database>;
  /** At most one call-back per member within this many minutes. */
  readonly windowMinutes: number;
  /** Local hours in which call-backs are placed; one asked for outside waits for the next opening. */
  readonly callHours?: CallHours;
  readonly utcOffsetMinutes?: number;
  readonly onQueued?: () => void;
  readonly now?: () => Date;
}

/** A finished call as Africa's Talking reports it on its last voice callback. */
export interface CallRecord {
  readonly sessionId: string;
  readonly direction: string | null;
  readonly callerNumber: string | null;
  readonly destinationNumber: string | null;
  readonly durationSeconds: number | null;
  readonly currency: string | null;
  readonly amountMinor: bigint | null;
  readonly callState: string | null;
  readonly hangupCause: string | null;
  readonly dialDestination: string | null;
  readonly dialDurationSeconds: number | null;
  readonly recordingUrl: string | null;
  readonly status: string | null;
  /** What the caller chose in the IVR, if anything. */
  readonly choice: string | null;
}

/** Call-backs asked for from the menu, and the records of calls that ended. */
export function createCallService(options: CallServiceOptions) {
  const { db } = options;
  const now = options.now ?? (() => new Date());

  return {
    /**
     * Queues an outbound call to the member, unless one was asked for within the window.
     * The member row is locked first, so two sessions asking at once queue one call.
     */
    async requestCallBack(request: { memberId: string; phone: string }): Promise<'requested' | 'already-requested'> {
      const result = await inTransaction(db, async (trx) => {
        await trx.selectFrom('members').select('id').where('id', '=', request.memberId).forUpdate().executeTakeFirst();
        const since = new Date(now().getTime() - options.windowMinutes * 60_000);
        const recent = await trx
          .selectFrom('call_requests')
          .select('id')
          .where('member_id', '=', request.memberId)
          .where('requested_at', '>', since)
          .executeTakeFirst();
        if (recent !== undefined) return 'already-requested' as const;
        const call = await trx
          .insertInto('call_requests')
          .values({
            member_id: request.memberId,
            phone: request.phone,
            idempotency_key: `call:${request.memberId}:${now().toISOString()}`,
            requested_at: now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await enqueue(trx, {
          kind: OUTBOX_VOICE_CALL,
          payload: { callRequestId: call.id, to: request.phone },
          idempotencyKey: `call:${call.id}`,
          notBefore:
            options.callHours === undefined
              ? undefined
              : nextCallTime(now(), options.callHours, options.utcOffsetMinutes ?? 0),
        });
        return 'requested' as const;
      });
      if (result === 'requested') options.onQueued?.();
      return result;
    },

    async recordProviderSession(callRequestId: string, providerSessionId: string | undefined): Promise<void> {
      await db
        .updateTable('call_requests')
        .set({ provider_session_id: providerSessionId ?? null })
        .where('id', '=', callRequestId)
        .execute();
    },

    /** Stores a finished call once; a repeated final callback changes nothing. */
    async saveCallRecord(record: CallRecord): Promise<boolean> {
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
    },

    /** How many call-backs a member asked for since `since` (for tests and reports). */
    async countRequests(memberId: string, since: Date): Promise<number> {
      const row = await db
        .selectFrom('call_requests')
        .select(sql<string>`count(*)`.as('n'))
        .where('member_id', '=', memberId)
        .where('requested_at', '>=', since)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type CallService = ReturnType<typeof createCallService>;
