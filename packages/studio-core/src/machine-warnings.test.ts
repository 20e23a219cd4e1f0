import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { STUDIO_CHARTS } from './charts.js';
import { deadEndStates, machineWarnings, unreachableStates } from './machine-warnings.js';

const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id);

describe('machine warnings', () => {
  const machine = createMachine({
    id: 'm',
    initial: 'menu',
    states: {
      menu: { on: { GO: 'journey', STUCK: 'stuck' } },
      journey: {
        initial: 'first',
        on: { BACK: 'menu' },
        states: { first: { on: { NEXT: 'second' } }, second: {}, orphan: {} },
      },
      stuck: {},
      never: { on: { GO: 'menu' } },
      done: { type: 'final' },
    },
  });

  it('finds the states nothing leads to', () => {
    expect(ids(unreachableStates(machine))).toEqual(['m.journey.orphan', 'm.never', 'm.done']);
  });

  it('finds the states with no way out, counting the ways out of their parents', () => {
    // journey.second leaves by its parent's BACK; `stuck` has nothing.
    expect(ids(deadEndStates(machine))).toEqual(['m.stuck']);
  });

  it('counts eventless transitions as ways in and out', () => {
    const skipping = createMachine({
      id: 's',
      initial: 'check',
      states: {
        // Taken on entry, no event: the only way into `skipped`, and `check`'s only way out.
        check: { always: 'skipped' },
        skipped: { on: { DONE: 'done' } },
        done: { type: 'final' },
      },
    });
    expect(machineWarnings(skipping)).toEqual([]);
  });

  it('finds nothing wrong in the charted machines', () => {
    for (const chart of STUDIO_CHARTS) expect(machineWarnings(chart.machine), chart.id).toEqual([]);
  });
});
