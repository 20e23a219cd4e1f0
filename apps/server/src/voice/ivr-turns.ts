import type { Language } from '@sacco/bank';
import { type IvrContext, type IvrMachine, type IvrMeta, ivrMetaOf } from '@sacco/journeys';
import { type SessionBackend, type SessionRecord, sessionKey, settle, waitForLease } from '@sacco/ussd';
import { type AnyMachineSnapshot, createActor } from 'xstate';

export interface IvrTurnOptions {
  readonly machine: IvrMachine;
  readonly backend: SessionBackend;
  readonly defaultLanguage: Language;
  readonly ttlMs: number;
  readonly deadlineMs: number;
}

export interface IvrTurn {
  readonly meta: IvrMeta;
  readonly context: IvrContext;
}

const MACHINE_ID = 'ivr';
// Bump when a change to the IVR machine makes old snapshots unsafe to resume.
const VERSION = 1;
const NO_TEXT = { length: 0, hash: '' };

/**
 * Runs voice callbacks through the IVR machine, persisted per voice session in the same store
 * (and under the same lock) as USSD sessions. The first request of a call starts the machine;
 * a request with digits is a key press; a later one without digits means no key was pressed.
 */
export function createIvrTurns(options: IvrTurnOptions) {
  const key = (sessionId: string) => sessionKey('voice', sessionId);

  async function withSession<T>(
    sessionId: string,
    work: (record: SessionRecord | undefined) => Promise<{ result: T; save?: SessionRecord }>,
  ) {
    const deadlineAt = Date.now() + options.deadlineMs;
    const lease = await waitForLease(options.backend.store, key(sessionId), options.deadlineMs + 2_000, deadlineAt);
    if (lease.token === undefined) throw new Error(`voice session ${sessionId} is busy`);
    const token = lease.token;
    try {
      const { result, save } = await work(lease.record);
      await options.backend.store.close(
        key(sessionId),
        token,
        save === undefined ? undefined : { record: save, ttlMs: options.ttlMs },
      );
      return result;
    } catch (error) {
      await options.backend.store.close(key(sessionId), token).catch(() => false);
      throw error;
    }
  }

  return {
    /** One request of a live call: where the IVR is after it, to be answered with XML. */
    run(request: { sessionId: string; callerNumber: string; digits: string | undefined }): Promise<IvrTurn> {
      return withSession(request.sessionId, async (record) => {
        const resumable = record !== undefined && record.machine === MACHINE_ID && record.version === VERSION;
        const input = {
          sessionId: request.sessionId,
          callerNumber: request.callerNumber,
          defaultLanguage: options.defaultLanguage,
        };
        // A restored actor ignores its input; it is given only to satisfy the machine's type.
        const actor = resumable
          ? createActor(options.machine, { snapshot: record.snapshot as AnyMachineSnapshot, input })
          : createActor(options.machine, { input });
        try {
          const deadlineAt = Date.now() + options.deadlineMs;
          actor.start();
          await settle(actor, deadlineAt);
          if (resumable && actor.getSnapshot().status === 'active') {
            const digits = request.digits?.trim();
            actor.send(digits ? { type: 'DIGITS', digits } : { type: 'NO_INPUT' });
            await settle(actor, deadlineAt);
          }
          const snapshot = actor.getSnapshot();
          const meta = ivrMetaOf(snapshot);
          if (meta === undefined) throw new Error(`IVR state ${JSON.stringify(snapshot.value)} has no prompt`);
          return {
            result: { meta, context: snapshot.context as IvrContext },
            save: {
              machine: MACHINE_ID,
              version: VERSION,
              snapshot: actor.getPersistedSnapshot(),
              text: NO_TEXT,
              reply: '',
              page: 0,
              ended: snapshot.status !== 'active',
            },
          };
        } finally {
          actor.stop();
        }
      });
    },

    /** What the caller chose, read once the call has ended (for the call record). */
    choiceOf(sessionId: string): Promise<'sales' | 'support' | null> {
      return withSession(sessionId, async (record) => {
        const value = (record?.snapshot as { value?: unknown } | undefined)?.value;
        return { result: value === 'sales' || value === 'support' ? value : null };
      });
    },
  };
}

export type IvrTurns = ReturnType<typeof createIvrTurns>;
