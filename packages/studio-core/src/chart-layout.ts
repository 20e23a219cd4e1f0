import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { ChartExit, ChartGraph, ChartNode } from './chart-graph.js';
import { backEdges } from './entry-order.js';
import { isFaultState } from './faults.js';
import { COMPOUND_HEADER, FONT_SIZE, LINE_HEIGHT, type NodeCard, textWidth } from './node-card.js';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A box placed on the chart, in absolute coordinates. */
export interface PlacedBox {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly depth: number;
}

export interface PlacedEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly points: readonly Point[];
  readonly label: { readonly text: string; readonly x: number; readonly y: number } | undefined;
}

export interface ChartLayout {
  readonly width: number;
  readonly height: number;
  /** Every state box, exit and initial marker by id. */
  readonly boxes: ReadonlyMap<string, PlacedBox>;
  readonly edges: readonly PlacedEdge[];
}

export const INITIAL_MARKER = 12;
export const initialMarkerId = (compoundId: string) => `initial:${compoundId}`;
export const exitSize = (exit: ChartExit) => ({ width: textWidth(`-> ${exit.label}`) + 20, height: 26 });

// Spacing is read from each box's own options, nested ones included: tight, so a whole
// journey fits a pane at a readable scale.
const SPACING = {
  'elk.spacing.nodeNode': '16',
  'elk.layered.spacing.nodeNodeBetweenLayers': '14',
  'elk.spacing.edgeLabel': '4',
  'elk.spacing.edgeEdge': '5',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '5',
  'elk.layered.spacing.edgeNodeBetweenLayers': '8',
};

const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.edgeLabels.placement': 'CENTER',
  ...SPACING,
};

type Elk = { layout(graph: ElkNode): Promise<ElkNode> };
let elk: Promise<Elk> | undefined;

// elkjs is 1.6 MB of JavaScript: loaded the first time a chart is drawn, never at boot.
function loadElk(): Promise<Elk> {
  elk ??= import('elkjs/lib/elk.bundled.js').then((module) => {
    const Elk = (module.default ?? module) as unknown as new () => Elk;
    return new Elk();
  });
  return elk;
}

function elkNode(node: ChartNode, cards: ReadonlyMap<string, NodeCard>): ElkNode {
  if (node.children.length === 0) {
    const card = cards.get(node.id);
    const size = { id: node.id, width: card?.width ?? 110, height: card?.height ?? 30 };
    // Failure and locked screens (on the overview) close the chart, whether their edges are drawn or folded.
    return isFaultState(node.stateNode)
      ? { ...size, layoutOptions: { 'elk.layered.layering.layerConstraint': 'LAST' } }
      : size;
  }
  const children = node.children.map((child) => elkNode(child, cards));
  if (node.initial !== undefined) {
    children.unshift({ id: initialMarkerId(node.id), width: INITIAL_MARKER, height: INITIAL_MARKER });
  }
  return {
    id: node.id,
    layoutOptions: { ...SPACING, 'elk.padding': `[top=${COMPOUND_HEADER},left=14,bottom=14,right=14]` },
    children,
  };
}

function initialEdges(node: ChartNode): ElkExtendedEdge[] {
  const own: ElkExtendedEdge[] =
    node.initial === undefined
      ? []
      : [{ id: `edge-initial:${node.id}`, sources: [initialMarkerId(node.id)], targets: [node.initial] }];
  return [...own, ...node.children.flatMap(initialEdges)];
}

/** Lays a chart out with ELK's layered algorithm: states top to bottom, nested states inside their parents. */
export async function layoutChart(graph: ChartGraph, cards: ReadonlyMap<string, NodeCard>): Promise<ChartLayout> {
  const labelHeight = LINE_HEIGHT;
  const reversed = backEdges(graph);
  const root: ElkNode = {
    id: '__chart',
    layoutOptions: LAYOUT_OPTIONS,
    children: [elkNode(graph.root, cards), ...graph.exits.map((exit) => ({ id: exit.id, ...exitSize(exit) }))],
    edges: [
      ...initialEdges(graph.root),
      ...graph.edges.map((edge) => ({
        id: edge.id,
        sources: [reversed.has(edge.id) ? edge.target : edge.source],
        targets: [reversed.has(edge.id) ? edge.source : edge.target],
        labels: [{ text: edge.label, width: textWidth(edge.label, FONT_SIZE - 1) + 6, height: labelHeight }],
      })),
    ],
  };
  const laidOut = await (await loadElk()).layout(root);

  // ELK gives each box relative to its parent and each edge relative to its container.
  const boxes = new Map<string, PlacedBox>();
  const place = (node: ElkNode, dx: number, dy: number, depth: number) => {
    const x = dx + (node.x ?? 0);
    const y = dy + (node.y ?? 0);
    boxes.set(node.id, { id: node.id, x, y, width: node.width ?? 0, height: node.height ?? 0, depth });
    for (const child of node.children ?? []) place(child, x, y, depth + 1);
  };
  for (const child of laidOut.children ?? []) place(child, 0, 0, 0);

  const edges: PlacedEdge[] = [];
  const collect = (node: ElkNode) => {
    const offset = boxes.get(node.id) ?? { x: 0, y: 0 };
    for (const edge of (node.edges ?? []) as (ElkExtendedEdge & { container?: string })[]) {
      const base = edge.container === undefined ? offset : (boxes.get(edge.container) ?? { x: 0, y: 0 });
      const shift = (p: { x: number; y: number }) => ({ x: p.x + base.x, y: p.y + base.y });
      const laid = (edge.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]);
      // A back edge was laid out reversed: drawn from its real source, its arrow at its real target.
      const back = reversed.has(edge.id);
      const points = back ? laid.reverse() : laid;
      const label = edge.labels?.[0];
      edges.push({
        id: edge.id,
        source: (back ? edge.targets[0] : edge.sources[0]) as string,
        target: (back ? edge.sources[0] : edge.targets[0]) as string,
        points: points.map(shift),
        label:
          label?.text === undefined
            ? undefined
            : { text: label.text, ...shift({ x: (label.x ?? 0) + (label.width ?? 0) / 2, y: (label.y ?? 0) + 10 }) },
      });
    }
    for (const child of node.children ?? []) collect(child);
  };
  collect(laidOut);
  return { width: laidOut.width ?? 0, height: laidOut.height ?? 0, boxes, edges };
}
