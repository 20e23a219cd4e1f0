import type { NavigationKeys } from '@sacco/ussd';
import type { AnyStateNode } from 'xstate';
import type { StudioChart } from './contracts.js';
import { isFaultState } from './faults.js';
import { screenOptions } from './screen-options.js';
import { descendantsOf, isWithin, isWorking, stateNodeById, transitionGroups } from './state-tree.js';
import { navigationWords, transitionLabel } from './transition-label.js';

export type ChartNodeKind = 'compound' | 'screen' | 'working' | 'final' | 'plain';

/** A state drawn on a chart, with the states drawn inside it. */
export interface ChartNode {
  readonly id: string;
  readonly stateNode: AnyStateNode;
  readonly kind: ChartNodeKind;
  readonly children: readonly ChartNode[];
  /** The child entered first, for the initial-state marker. */
  readonly initial: string | undefined;
}

export interface ChartEdge {
  readonly id: string;
  readonly source: string;
  /** A drawn state's id, or an exit's id. */
  readonly target: string;
  readonly label: string;
  /** Every way along the edge, uncut (the label may be cut short). */
  readonly labels: readonly string[];
  /** Into a failure, locked or error state: folded into its source's fault badge unless faults are shown. */
  readonly fault: boolean;
}

/** Where a transition leaves the chart to: a state drawn on another chart. */
export interface ChartExit {
  readonly id: string;
  /** The state left to, e.g. `session.mainMenu`. */
  readonly target: string;
  readonly label: string;
  /** A failure, locked or error state (`-> failure`). */
  readonly fault: boolean;
}

export interface ChartGraph {
  readonly chart: StudioChart;
  readonly root: ChartNode;
  readonly edges: readonly ChartEdge[];
  readonly exits: readonly ChartExit[];
}

function kindOf(node: AnyStateNode, collapsed: boolean): ChartNodeKind {
  if (node.type === 'final') return 'final';
  if (!collapsed && Object.keys(node.states).length > 0) return 'compound';
  if (isWorking(node)) return 'working';
  return (node.meta as { screen?: unknown; prompt?: unknown } | undefined)?.screen !== undefined ||
    (node.meta as { prompt?: unknown } | undefined)?.prompt !== undefined
    ? 'screen'
    : 'plain';
}

function toChartNode(node: AnyStateNode, depth: number, collapseBelow: number): ChartNode {
  const collapsed = depth >= collapseBelow;
  const children = collapsed
    ? []
    : Object.values(node.states as Record<string, AnyStateNode>).map((c) => toChartNode(c, depth + 1, collapseBelow));
  const initial = collapsed ? undefined : (node.initial?.target?.[0] as AnyStateNode | undefined)?.id;
  return { id: node.id, stateNode: node, kind: kindOf(node, collapsed), children, initial };
}

/** A drawn state and every state drawn inside it, parents first. */
export function* chartNodes(node: ChartNode): Generator<ChartNode> {
  yield node;
  for (const child of node.children) yield* chartNodes(child);
}

/** `session.loans.menu` -> `loans.menu`: the state's path below the machine. */
const shortName = (node: AnyStateNode) => node.path.join('.') || node.id;

/**
 * The drawable graph of a chart in `language`: its states (the whole subtree, or the top level
 * only when collapsed), an edge per transition that changes state, eventless ones included
 * (refusals that ask again are not drawn), and an exit node per state outside the chart that a
 * transition leads to. Edges are labelled with the keys and the words of the source screen in
 * that language.
 */
export function buildChartGraph(chart: StudioChart, navigation: NavigationKeys, language?: string): ChartGraph {
  const top = chart.root === undefined ? chart.machine.root : stateNodeById(chart.machine, chart.root);
  // An overview draws the top-level states as boxes; everything else is drawn in full.
  const root = toChartNode(top, 0, chart.collapsed ? 1 : Number.POSITIVE_INFINITY);
  const drawn = new Map([...chartNodes(root)].map((n) => [n.id, n]));
  // The drawn node a state belongs to: itself, or its collapsed ancestor.
  const drawnFor = (node: AnyStateNode) => {
    for (let n: AnyStateNode | undefined = node; n !== undefined; n = n.parent) {
      if (drawn.has(n.id)) return n.id;
    }
    return undefined;
  };

  const edges = new Map<string, { source: string; target: string; labels: string[]; fault: boolean }>();
  const exits = new Map<string, ChartExit>();
  // What the chart's language calls the navigation keys, for screens that do not list them.
  const words = navigationWords(language === undefined ? undefined : chart.catalog[language]);
  const sources = chart.collapsed
    ? [...drawn.values()].filter((n) => n !== root).flatMap((n) => [n.stateNode, ...descendantsOf(n.stateNode)])
    : [...drawn.values()].map((n) => n.stateNode);

  for (const source of sources) {
    const from = drawnFor(source);
    if (from === undefined) continue;
    const shown =
      language === undefined ? undefined : chart.render(source, language as StudioChart['languages'][number]);
    const options = screenOptions(shown ?? '');
    // The eventless (`always`) transitions, taken on entry with no key, are drawn as "auto".
    for (const candidates of transitionGroups(source)) {
      for (const transition of candidates) {
        for (const target of (transition.target ?? []) as AnyStateNode[]) {
          let to = isWithin(target, top) ? drawnFor(target) : undefined;
          if (to === undefined) {
            const exitId = `exit:${target.id}`;
            if (!exits.has(exitId)) {
              exits.set(exitId, {
                id: exitId,
                target: target.id,
                label: shortName(target),
                fault: isFaultState(target),
              });
            }
            to = exitId;
          }
          // Inside a collapsed box, moves between its own states are not drawn.
          if (chart.collapsed && to === from) continue;
          const key = `${from}->${to}`;
          const edge = edges.get(key) ?? { source: from, target: to, labels: [], fault: isFaultState(target) };
          const label = transitionLabel(transition, candidates, navigation, options, words);
          if (!edge.labels.includes(label)) edge.labels.push(label);
          edges.set(key, edge);
        }
      }
    }
  }

  return {
    chart,
    root,
    edges: [...edges.values()].map((e, index) => ({
      id: `edge-${index}`,
      source: e.source,
      target: e.target,
      label: compactLabels(e.labels),
      labels: e.labels,
      fault: e.fault,
    })),
    exits: [...exits.values()],
  };
}

/** Several ways along one edge, e.g. "1, 2"; an overview's long lists are cut short. */
function compactLabels(labels: readonly string[]): string {
  const shown = labels.slice(0, 3).join(', ');
  return labels.length > 3 ? `${shown}, ...` : shown;
}
