import type { Kysely } from 'kysely';
import {
  countCallRequests,
  hasCallRequestSince,
  insertCallRecord,
  insertCallRequest,
  setProviderSession,
} from './call.repository.js';
import { type CallHours, nextCallTime } from './call-hours.js';
import type { Database } from './database.js';
import { lockMember } from './member.repository.js';
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
        await lockMember(trx, request.memberId);
        const since = new Date(now().getTime() - options.windowMinutes * 60_000);
        if (await hasCallRequestSince(trx, request.memberId, since)) return 'already-requested' as const;
        const callId = await insertCallRequest(trx, {
          memberId: request.memberId,
          phone: request.phone,
          idempotencyKey: `call:${request.memberId}:${now().toISOString()}`,
          requestedAt: now(),
        });
        await enqueue(trx, {
          kind: OUTBOX_VOICE_CALL,
          payload: { callRequestId: callId, to: request.phone },
          idempotencyKey: `call:${callId}`,
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

    recordProviderSession: (callRequestId: string, providerSessionId: string | undefined): Promise<void> =>
      setProviderSession(db, callRequestId, providerSessionId ?? null),

    /** Stores a finished call once; a repeated final callback changes nothing. */
    saveCallRecord: (record: CallRecord): Promise<boolean> => insertCallRecord(db, record),

    /** How many call-backs a member asked for since `since` (for tests and reports). */
    countRequests: (memberId: string, since: Date): Promise<number> => countCallRequests(db, memberId, since),
  };
}

export type CallService = ReturnType<typeof createCallService>;
