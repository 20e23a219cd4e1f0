import { activeScreen, type NavigationKeys, type UssdEvent } from '@sacco/ussd';
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import type { StudioModel, StudioScenario } from './contracts.js';
import { type HopState, hopLogic } from './hop-logic.js';
import { activeStateIds, allStateNodes, stateNodeById } from './state-tree.js';

/** One gateway hop of a path and what the service must answer to it. */
export interface PathHop {
  /** What the member types; undefined for the first hop (the dial). */
  readonly input: string | undefined;
  /** The state whose screen the reply shows (the `x-ussd-state` header). */
  readonly state: string;
  /** The reply is `END`: the session is over. */
  readonly end: boolean;
}

/** A walk from dialling in, as a scenario's caller would take it, and the states it shows. */
export interface ModelPath {
  readonly scenario: string;
  readonly hops: readonly PathHop[];
  /** Every state the walk enters, the working ones it passes through included. */
  readonly covers: readonly string[];
}

export interface PathCoverage {
  readonly paths: readonly ModelPath[];
  /** States no path enters. */
  readonly missing: readonly string[];
  /** Effects a scenario had no answer for, which stopped its walks there. */
  readonly stuck: readonly { readonly scenario: string; readonly stateId: string; readonly src: string }[];
}

export interface ModelPathOptions {
  readonly navigation: NavigationKeys;
  /** The most states the traversal may visit per scenario before it gives up (it never runs away). */
  readonly limit?: number;
}

/** The screen a snapshot shows, or undefined when it shows none (a machine error, say). */
function screenOf(snapshot: AnyMachineSnapshot) {
  try {
    return activeScreen(snapshot);
  } catch {
    return undefined;
  }
}

/** What a member can type on the screen a state shows, as the engine would turn it into events. */
function eventsFor(model: StudioModel, state: HopState): UssdEvent[] {
  if (state.stuck !== undefined || state.snapshot.status !== 'active') return [];
  const screen = screenOf(state.snapshot);
  if (screen === undefined) return [];
  const kind = screen.meta.input;
  const inputs = model.inputs[kind].map((value) => ({ type: 'INPUT', value }) as const);
  // The bare navigation keys navigate on every screen that takes input.
  const navigation = kind === 'none' ? [] : ([{ type: 'BACK' }, { type: 'HOME' }] as const);
  return [...inputs, ...navigation];
}

const typed = (event: UssdEvent, keys: NavigationKeys) =>
  event.type === 'INPUT' ? event.value : event.type === 'BACK' ? keys.back : keys.home;

function toHop(state: HopState, input: string | undefined): PathHop {
  const screen = screenOf(state.snapshot);
  return {
    input,
    state: screen?.stateId ?? '(no screen)',
    end: state.snapshot.status !== 'active' || screen?.meta.input === 'none',
  };
}

function coveredBy(machine: AnyStateMachine, states: readonly HopState[]): string[] {
  const ids = new Set<string>();
  for (const state of states) {
    for (const id of activeStateIds(machine, state.snapshot.value)) ids.add(id);
    for (const id of state.passed) {
      for (let n: AnyStateNode | undefined = stateNodeById(machine, id); n?.parent !== undefined; n = n.parent) {
        ids.add(n.id);
      }
    }
  }
  return [...ids];
}

function walk(machine: AnyStateMachine, model: StudioModel, scenario: StudioScenario, options: ModelPathOptions) {
  const limit = options.limit ?? 20_000;
  let paths: ReturnType<typeof getShortestPaths<ReturnType<typeof hopLogic>>>;
  try {
    paths = getShortestPaths(hopLogic(machine, scenario), {
      input: scenario.input,
      events: (snapshot) => eventsFor(model, snapshot.context),
      serializeState: (snapshot) => {
        const state = snapshot.context;
        return `${model.serialize(state.snapshot)}|${state.passed.join(',')}|${state.stuck?.src ?? ''}`;
      },
      limit,
    });
  } catch (error) {
    throw new Error(`the walk of scenario "${scenario.id}" passed ${limit} states: bound the model's serialize()`, {
      cause: error,
    });
  }
  const stuck = new Map<string, { scenario: string; stateId: string; src: string }>();
  const found: ModelPath[] = [];
  for (const path of paths) {
    const states = path.steps.map((step) => step.state.context);
    const last = path.state.context;
    if (last.stuck !== undefined) {
      // A walk that an unanswered effect stopped cannot be replayed; it is reported instead.
      stuck.set(last.stuck.src + last.stuck.stateId, { scenario: scenario.id, ...last.stuck });
      continue;
    }
    // The first step is the dial; every later one is a hop whose event the member typed.
    const hops = path.steps.map((step, index) =>
      toHop(step.state.context, index === 0 ? undefined : typed(step.event as UssdEvent, options.navigation)),
    );
    found.push({ scenario: scenario.id, hops, covers: coveredBy(machine, states) });
  }
  return { paths: found, stuck: [...stuck.values()] };
}

/** True when `a`'s hops are the first hops of `b` (same caller): replaying `b` checks `a` too. */
const isPrefix = (a: ModelPath, b: ModelPath) =>
  a !== b &&
  a.scenario === b.scenario &&
  a.hops.length <= b.hops.length &&
  a.hops.every((hop, i) => hop.input === b.hops[i]?.input);

/**
 * Paths that together enter every state of `machine`: for each state the shortest walk to it
 * over all scenarios (earlier scenarios first on a tie), without walks another one extends.
 */
export function modelPaths(machine: AnyStateMachine, model: StudioModel, options: ModelPathOptions): PathCoverage {
  const all: ModelPath[] = [];
  const stuck: PathCoverage['stuck'][number][] = [];
  for (const scenario of model.scenarios) {
    const result = walk(machine, model, scenario, options);
    all.push(...result.paths);
    stuck.push(...result.stuck);
  }
  const chosen = new Set<ModelPath>();
  const missing: string[] = [];
  for (const node of allStateNodes(machine)) {
    let best: ModelPath | undefined;
    for (const path of all) {
      if (!path.covers.includes(node.id)) continue;
      if (best === undefined || path.hops.length < best.hops.length) best = path;
    }
    if (best === undefined) missing.push(node.id);
    else chosen.add(best);
  }
  const paths = [...chosen].filter((path) => ![...chosen].some((other) => isPrefix(path, other)));
  return { paths, missing, stuck };
}
