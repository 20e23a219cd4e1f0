import { type InputKind, WORKING_TAG } from '@sacco/ussd';
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition, StateValue } from 'xstate';

/** Every state node under `node` (not `node` itself), parents before children, in document order. */
export function descendantsOf(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states as Record<string, AnyStateNode>).flatMap((child) => [
    child,
    ...descendantsOf(child),
  ]);
}

/** Every state node of a machine, the root excluded. */
export function allStateNodes(machine: AnyStateMachine): AnyStateNode[] {
  return descendantsOf(machine.root);
}

export function stateNodeById(machine: AnyStateMachine, id: string): AnyStateNode {
  return machine.getStateNodeById(id) as AnyStateNode;
}

/** True when `node` is `ancestor` or lies inside it. */
export function isWithin(node: AnyStateNode, ancestor: AnyStateNode): boolean {
  for (let n: AnyStateNode | undefined = node; n !== undefined; n = n.parent) if (n === ancestor) return true;
  return false;
}

/** A state that runs an effect and shows nothing: the engine waits for it to settle. */
export const isWorking = (node: AnyStateNode) => (node.tags as readonly string[]).includes(WORKING_TAG);

export const isLeaf = (node: AnyStateNode) => Object.keys(node.states).length === 0;

/**
 * A state's transitions, one group per event (tried in order), and the eventless (`always`)
 * ones, taken on entry with no key, as a group of their own.
 */
export function transitionGroups(node: AnyStateNode): AnyTransitionDefinition[][] {
  const byEvent = [...(node.transitions as Map<string, AnyTransitionDefinition[]>).values()];
  const always = (node.always ?? []) as AnyTransitionDefinition[];
  return always.length > 0 ? [...byEvent, always] : byEvent;
}

/** How the state's screen takes input, from its `meta.input`; undefined where it shows nothing. */
export function inputKindOf(node: AnyStateNode): InputKind | undefined {
  const input = (node.meta as { input?: unknown } | undefined)?.input;
  return typeof input === 'string' ? (input as InputKind) : undefined;
}

/** The ids of the state nodes active in a state value, ancestors included (the root excluded). */
export function activeStateIds(machine: AnyStateMachine, value: StateValue): string[] {
  const ids: string[] = [];
  const walk = (node: AnyStateNode, v: StateValue) => {
    const entries = typeof v === 'string' ? [[v, undefined] as const] : Object.entries(v);
    for (const [key, inner] of entries) {
      const child = (node.states as Record<string, AnyStateNode>)[key];
      if (child === undefined) continue;
      ids.push(child.id);
      if (inner !== undefined) walk(child, inner as StateValue);
    }
  };
  walk(machine.root, value);
  return ids;
}

/** The short name of a state, `askAmount` for `session.deposit.askAmount`. */
export const keyOf = (node: AnyStateNode) => node.key;
