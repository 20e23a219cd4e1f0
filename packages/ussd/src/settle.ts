import type { AnyActor } from 'xstate';

/** The tag of states that wait for an effect (a database call, a hash) before answering. */
export const WORKING_TAG = 'working';

export class SettleTimeoutError extends Error {
  constructor(readonly state: unknown) {
    super(`machine still working at ${JSON.stringify(state)} when the hop deadline passed`);
  }
}

/**
 * Resolves once the actor is in no state tagged `working` (or has stopped), so the reply is
 * computed from where the machine really ends up, never from a half-done step. Rejects with
 * the actor's error, or with SettleTimeoutError when `deadlineAt` passes first.
 */
export function settle(actor: AnyActor, deadlineAt: number): Promise<void> {
  const isSettled = () => {
    const snapshot = actor.getSnapshot();
    if (snapshot.status === 'error') throw snapshot.error;
    return snapshot.status !== 'active' || !snapshot.hasTag(WORKING_TAG);
  };
  if (isSettled()) return Promise.resolve();

  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => {
        subscription.unsubscribe();
        reject(new SettleTimeoutError(actor.getSnapshot().value));
      },
      Math.max(0, deadlineAt - Date.now()),
    );
    const finish = (error?: unknown) => {
      clearTimeout(timer);
      subscription.unsubscribe();
      if (error === undefined) resolve();
      else reject(error);
    };
    const subscription = actor.subscribe({
      next: () => {
        try {
          if (isSettled()) finish();
        } catch (error) {
          finish(error);
        }
      },
      error: (error) => finish(error),
      complete: () => finish(),
    });
  });
}
