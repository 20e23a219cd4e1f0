import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { allStateNodes, isLeaf, transitionGroups } from './state-tree.js';

export type WarningKind = 'unreachable' | 'dead-end';

export interface StateWarning {
  readonly stateId: string;
  readonly kind: WarningKind;
  readonly message: string;
}

/** Every transition of a state: by event, and the eventless (`always`) ones taken on entry. */
const transitionsOf = (node: AnyStateNode) => transitionGroups(node).flat();

/**
 * The states no sequence of events can enter, whatever the guards say: entering a state enters
 * its ancestors and its initial child, and any transition of an entered state (or of its
 * ancestors) may be taken.
 */
export function unreachableStates(machine: AnyStateMachine): AnyStateNode[] {
  const entered = new Set<AnyStateNode>();
  const queue: AnyStateNode[] = [];
  const enter = (node: AnyStateNode) => {
    for (let n: AnyStateNode | undefined = node; n !== undefined; n = n.parent) {
      if (entered.has(n)) break;
      entered.add(n);
      queue.push(n);
    }
    if (node.type === 'parallel') for (const child of Object.values(node.states)) enter(child as AnyStateNode);
    const initial = node.initial?.target as AnyStateNode[] | undefined;
    if (node.type === 'compound' && initial !== undefined) for (const child of initial) enter(child);
  };
  enter(machine.root);
  while (queue.length > 0) {
    const node = queue.shift() as AnyStateNode;
    for (const transition of transitionsOf(node)) {
      for (const target of (transition.target ?? []) as AnyStateNode[]) enter(target);
    }
  }
  return allStateNodes(machine).filter((node) => !entered.has(node));
}

/**
 * The leaf states that are not final and have no transition to another state of their own or
 * of their ancestors' (the machine's root excluded: its catch-alls only refuse or go home). A
 * member who reaches one is stuck until the session times out.
 */
export function deadEndStates(machine: AnyStateMachine): AnyStateNode[] {
  return allStateNodes(machine).filter((node) => {
    if (node.type === 'final' || !isLeaf(node)) return false;
    for (let n: AnyStateNode | undefined = node; n !== undefined && n !== machine.root; n = n.parent) {
      const leaves = transitionsOf(n).some((t) =>
        ((t.target ?? []) as AnyStateNode[]).some((target) => target !== node),
      );
      if (leaves) return false;
    }
    return true;
  });
}

/** Every warning of a machine, by state. */
export function machineWarnings(machine: AnyStateMachine): StateWarning[] {
  return [
    ...unreachableStates(machine).map((node) => ({
      stateId: node.id,
      kind: 'unreachable' as const,
      message: 'no transition leads here',
    })),
    ...deadEndStates(machine).map((node) => ({
      stateId: node.id,
      kind: 'dead-end' as const,
      message: 'not final, and no way out: the member is stuck here',
    })),
  ];
}
