import { type ChartGraph, chartNodes } from './chart-graph.js';

/**
 * The edges that lead back up the flow: found by walking the chart depth-first from its entry
 * (a box's entry is its initial state), an edge into a state still on the walk's path closes a
 * loop ("0 Back", "refused" to the menu). Laid out reversed, they leave the rest of the chart a
 * graph that reads top-down from the entry, where the layout's own cycle breaking may put the
 * entry anywhere (the Loans menu ended up at the bottom, the flow reading upward).
 */
export function backEdges(graph: ChartGraph): ReadonlySet<string> {
  const next = new Map<string, { edge: string | undefined; target: string }[]>();
  const link = (from: string, edge: string | undefined, target: string) => {
    const list = next.get(from) ?? [];
    list.push({ edge, target });
    next.set(from, list);
  };
  const nodes = [...chartNodes(graph.root)];
  // Entering a box enters its initial state first, before any of the box's own transitions.
  for (const node of nodes) if (node.initial !== undefined) link(node.id, undefined, node.initial);
  for (const edge of graph.edges) link(edge.source, edge.id, edge.target);

  const back = new Set<string>();
  const onPath = new Set<string>();
  const seen = new Set<string>();
  const walk = (id: string) => {
    seen.add(id);
    onPath.add(id);
    for (const { edge, target } of next.get(id) ?? []) {
      if (onPath.has(target)) {
        if (edge !== undefined) back.add(edge);
      } else if (!seen.has(target)) {
        walk(target);
      }
    }
    onPath.delete(id);
  };
  // From the entry first; then whatever it does not reach, in the chart's own order.
  for (const node of nodes) if (!seen.has(node.id)) walk(node.id);
  return back;
}
