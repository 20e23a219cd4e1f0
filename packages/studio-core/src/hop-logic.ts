import type { UssdEvent } from '@sacco/ussd';
import {
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyStateNode,
  type EventObject,
  fromTransition,
  initialTransition,
  transition,
} from 'xstate';
import type { StudioScenario } from './contracts.js';
import { activeStateIds, isWorking, stateNodeById } from './state-tree.js';

/** Where a session stands between two hops: settled, as the engine leaves it. */
export interface HopState {
  readonly snapshot: AnyMachineSnapshot;
  /** The working states the last hop went through while the machine settled. */
  readonly passed: readonly string[];
  /** An effect the scenario has no answer for: the walk cannot go past it. */
  readonly stuck?: { readonly stateId: string; readonly src: string };
}

// More effects than this in one hop means the machine loops through effects on its own.
const MAX_EFFECTS_PER_HOP = 25;

interface InvokeDefinition {
  readonly id: string;
  readonly src: unknown;
  readonly input?: unknown;
}

/**
 * Settles a snapshot the way the engine does, but with no I/O: each effect a working state
 * invokes is answered by the scenario, as the `xstate.done.actor.*` (or `xstate.error.actor.*`)
 * event the real actor would send.
 */
function settle(
  machine: AnyStateMachine,
  scenario: StudioScenario,
  start: AnyMachineSnapshot,
  cause: EventObject & Record<string, unknown>,
): HopState {
  let snapshot = start;
  let event: EventObject & Record<string, unknown> = cause;
  const passed: string[] = [];
  for (let effects = 0; effects < MAX_EFFECTS_PER_HOP; effects += 1) {
    if (snapshot.status !== 'active') return { snapshot, passed };
    const working = activeStateIds(machine, snapshot.value)
      .map((id) => stateNodeById(machine, id))
      .find((node: AnyStateNode) => isWorking(node) && node.invoke.length > 0);
    if (working === undefined) return { snapshot, passed };

    const invoke = working.invoke[0] as InvokeDefinition;
    const input =
      typeof invoke.input === 'function'
        ? invoke.input({ context: snapshot.context, event, self: undefined })
        : invoke.input;
    const src = String(invoke.src);
    const answer = scenario.answer(src, input, snapshot.context);
    if (answer === undefined) return { snapshot, passed, stuck: { stateId: working.id, src } };
    passed.push(working.id);
    event =
      'output' in answer
        ? { type: `xstate.done.actor.${invoke.id}`, output: answer.output }
        : { type: `xstate.error.actor.${invoke.id}`, error: new Error(answer.error) };
    [snapshot] = transition(machine, snapshot, event as never);
  }
  throw new Error(`more than ${MAX_EFFECTS_PER_HOP} effects in one hop at ${JSON.stringify(snapshot.value)}`);
}

/**
 * The machine as the gateway sees it, for xstate/graph: one event per hop (what the member
 * types), each followed by every effect it sets off, answered by `scenario`.
 */
export function hopLogic(machine: AnyStateMachine, scenario: StudioScenario) {
  return fromTransition<HopState, UssdEvent, never, unknown>(
    (state, event) => {
      if (state.stuck !== undefined || state.snapshot.status !== 'active') return state;
      const [next] = transition(machine, state.snapshot, event as never);
      return settle(machine, scenario, next, { ...event });
    },
    ({ input }) => {
      const [first] = initialTransition(machine, input as never);
      return settle(machine, scenario, first, { type: 'xstate.init', input });
    },
  );
}
