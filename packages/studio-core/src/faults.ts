import type { AnyStateNode } from 'xstate';
import type { ChartEdge, ChartGraph } from './chart-graph.js';

// The session's dead ends that no member chooses: `failure` (an effect failed), `locked` and
// `lockedOut` (too many wrong PINs). Every journey can reach them from almost every working
// state, so drawn they outnumber the journey's own paths.
const FAULT_NAME = /fail|error|locked/i;

/** A state the member is thrown into rather than led to: a final failure, locked or error state. */
export const isFaultState = (node: AnyStateNode) => node.type === 'final' && FAULT_NAME.test(node.key);

/** `error -> failure`: each way along a fault edge, as its badge's tooltip lists it. */
function faultLines(edge: ChartEdge, graph: ChartGraph): string[] {
  const exit = graph.exits.find((e) => e.id === edge.target);
  const target = exit?.label ?? edge.target.split('.').slice(1).join('.');
  return edge.labels.map((label) => `${label} -> ${target}`);
}

/** What the chart draws: all of `graph` with faults shown, else without fault edges and the exits only they reach. */
export function visibleGraph(graph: ChartGraph, faults: boolean): ChartGraph {
  if (faults) return graph;
  const edges = graph.edges.filter((edge) => !edge.fault);
  const reached = new Set(edges.map((edge) => edge.target));
  return { ...graph, edges, exits: graph.exits.filter((exit) => reached.has(exit.id)) };
}

/** The folded faults of each state, one line per way into a fault, by source state id. */
export function foldedFaults(graph: ChartGraph): ReadonlyMap<string, readonly string[]> {
  const bySource = new Map<string, string[]>();
  for (const edge of graph.edges) {
    if (!edge.fault) continue;
    const lines = bySource.get(edge.source) ?? [];
    lines.push(...faultLines(edge, graph));
    bySource.set(edge.source, lines);
  }
  return bySource;
}
