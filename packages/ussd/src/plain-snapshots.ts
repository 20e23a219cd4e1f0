import type { AnyActor, AnyStateMachine } from 'xstate';

/**
 * Persisting and restoring snapshots without XState's walks of the context. On every persist
 * XState walks the whole context looking for actor references to swap for their ids, and on
 * every restore walks it again to swap them back. A server sees contexts of many shapes, and
 * V8 deoptimises both walks over and over (together about 15% of a hop's CPU in the server's
 * profile). Actor references can only be in a context while the actor has children (a session
 * context is plain JSON data), so a snapshot with no children and no history is written and
 * read as it is; any other goes through XState. The records are the same either way.
 */

/** The actor's snapshot, as `actor.getPersistedSnapshot()` gives it. */
export function persistedSnapshot(actor: AnyActor): unknown {
  const snapshot = actor.getSnapshot();
  if (!isEmpty(snapshot.children) || !isEmpty(snapshot.historyValue)) return actor.getPersistedSnapshot();
  // The fields in XState's order, so that the stored JSON is the same byte for byte.
  return {
    status: snapshot.status,
    output: snapshot.output,
    error: snapshot.error,
    value: snapshot.value,
    historyValue: {},
    context: snapshot.context,
    children: {},
  };
}

interface StoredSnapshot {
  readonly status?: string;
  readonly output?: unknown;
  readonly error?: unknown;
  readonly value: unknown;
  readonly context?: unknown;
  readonly children?: object;
  readonly historyValue?: object;
}

/**
 * `machine`, whose actors restored from a snapshot with no children and no history are built
 * from its state value and context (`resolveState`) instead of XState's restore. Everything
 * else is the machine's own.
 */
export function withPlainRestore(machine: AnyStateMachine): AnyStateMachine {
  const plain: AnyStateMachine = Object.create(machine);
  plain.restoreSnapshot = (snapshot, scope) => {
    const stored = snapshot as unknown as StoredSnapshot;
    if (!isEmpty(stored.children) || !isEmpty(stored.historyValue)) {
      return machine.restoreSnapshot.call(plain, snapshot, scope);
    }
    return plain.resolveState({
      value: stored.value as never,
      context: stored.context,
      status: stored.status as never,
      output: stored.output,
      error: stored.error,
    });
  };
  return plain;
}

function isEmpty(record: object | undefined): boolean {
  for (const _ in record) return false;
  return true;
}
