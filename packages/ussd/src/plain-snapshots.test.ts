import { describe, expect, it } from 'vitest';
import { assign, createActor, fromPromise, setup } from 'xstate';
import { persistedSnapshot, withPlainRestore } from './plain-snapshots.js';

// A machine with nested states, a context of several shapes, history and a long-running child.
const machine = setup({
  types: {
    context: {} as { count: number; who: { name: string; tags: string[] } | null },
    events: {} as { type: 'NEXT' } | { type: 'WAIT' } | { type: 'AWAY' } | { type: 'BACK' },
  },
  actors: { forever: fromPromise(() => new Promise<void>(() => undefined)) },
}).createMachine({
  id: 'plain',
  context: { count: 0, who: null },
  initial: 'menu',
  states: {
    menu: {
      initial: 'first',
      on: { WAIT: 'waiting', AWAY: 'away' },
      states: {
        first: {
          on: { NEXT: { target: 'second', actions: assign({ who: { name: 'Jane', tags: ['a', 'b'] } }) } },
        },
        second: { on: { NEXT: { target: 'done', actions: assign({ count: ({ context }) => context.count + 1 }) } } },
        done: { type: 'final' },
        hist: { type: 'history', history: 'deep' },
      },
    },
    away: { on: { BACK: 'menu.hist' } },
    waiting: { invoke: { src: 'forever' } },
  },
});

/** The actor after `events`, started from scratch. */
function after(...events: ('NEXT' | 'WAIT' | 'AWAY')[]) {
  const actor = createActor(machine).start();
  for (const type of events) actor.send({ type });
  return actor;
}

const roundTrip = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('plain snapshots', () => {
  it('persist a snapshot with no children and no history as XState does, byte for byte', () => {
    for (const actor of [after(), after('NEXT'), after('NEXT', 'NEXT')]) {
      expect(JSON.stringify(persistedSnapshot(actor))).toBe(JSON.stringify(actor.getPersistedSnapshot()));
    }
  });

  it('leave a snapshot with children or history to XState', () => {
    for (const actor of [after('WAIT'), after('NEXT', 'AWAY')]) {
      expect(persistedSnapshot(actor)).toEqual(actor.getPersistedSnapshot());
    }
  });

  it('restore the same state and context as XState, and go on from there alike', () => {
    const plain = withPlainRestore(machine);
    for (const events of [[], ['NEXT'], ['NEXT', 'NEXT'], ['NEXT', 'AWAY']] as const) {
      const stored = roundTrip(persistedSnapshot(after(...events)));
      const ours = createActor(plain, { snapshot: roundTrip(stored) }).start();
      const theirs = createActor(machine, { snapshot: roundTrip(stored) }).start();
      expect(ours.getSnapshot().value).toEqual(theirs.getSnapshot().value);
      expect(ours.getSnapshot().status).toBe(theirs.getSnapshot().status);
      expect(ours.getSnapshot().context).toEqual(theirs.getSnapshot().context);
      for (const type of ['NEXT', 'BACK', 'NEXT'] as const) {
        ours.send({ type });
        theirs.send({ type });
      }
      expect(JSON.stringify(persistedSnapshot(ours))).toBe(JSON.stringify(theirs.getPersistedSnapshot()));
    }
  });

  it('restore a snapshot with a child through XState, child included', () => {
    const stored = roundTrip(after('WAIT').getPersistedSnapshot());
    const restored = createActor(withPlainRestore(machine), { snapshot: stored }).start();
    expect(restored.getSnapshot().value).toBe('waiting');
    expect(Object.keys(restored.getSnapshot().children)).toHaveLength(1);
  });
});
