import { type ChartGraph, type ChartNode, chartNodes } from './chart-graph.js';
import { type ChartLayout, INITIAL_MARKER, initialMarkerId, type PlacedBox } from './chart-layout.js';
import type { StateWarning } from './machine-warnings.js';
import { CHAR_WIDTH, FONT_SIZE, LINE_HEIGHT, type NodeCard, PADDING } from './node-card.js';

const MARGIN = 16;

export const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const n = (value: number) => Math.round(value * 10) / 10;

// Inline, so an exported SVG looks the same opened on its own as inside the studio page.
const STYLE = `
  .chart { font-family: ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: ${FONT_SIZE}px; }
  .state rect { fill: #fff; stroke: #64748b; stroke-width: 1.2; }
  .state--compound > rect { fill: #f8fafc; stroke: #94a3b8; stroke-dasharray: 0; }
  .state--working rect { fill: #f1f5f9; stroke-dasharray: 4 3; }
  .state--final rect { stroke-width: 3; stroke: #334155; }
  .state--over rect.card { stroke: #dc2626; stroke-width: 2; }
  .state--warning rect.card, .state--warning > rect { stroke: #d97706; stroke-width: 2; }
  .state.is-current > rect { fill: #dcfce7; stroke: #16a34a; stroke-width: 3; }
  .title { font-weight: bold; font-size: ${FONT_SIZE + 1}px; fill: #0f172a; }
  .line { fill: #1e293b; white-space: pre; }
  .note { fill: #475569; font-style: italic; }
  .badge { fill: #475569; }
  .badge--over { fill: #dc2626; font-weight: bold; }
  .warning { fill: #d97706; font-weight: bold; }
  .exit rect { fill: #fefce8; stroke: #a16207; stroke-dasharray: 3 2; }
  .exit text { fill: #713f12; }
  .initial { fill: #0f172a; }
  .edge { fill: none; stroke: #475569; stroke-width: 1.2; }
  .edge-label { fill: #1d4ed8; font-size: ${FONT_SIZE - 1}px; }
  .edge-label-bg { fill: #fff; opacity: 0.9; }
  .edge--fault { stroke: #cbd5e1; stroke-dasharray: 4 3; }
  .edge-label--fault { fill: #94a3b8; }
  .exit--fault rect { fill: #f8fafc; stroke: #cbd5e1; }
  .exit--fault text { fill: #94a3b8; }
  .fault-badge rect { fill: #fef2f2; stroke: #fca5a5; }
  .fault-badge text { fill: #b91c1c; font-size: ${FONT_SIZE - 1}px; }
`;

export interface SvgOptions {
  readonly title: string;
  readonly cards: ReadonlyMap<string, NodeCard>;
  readonly warnings: readonly StateWarning[];
}

function stateBox(node: ChartNode, box: PlacedBox, card: NodeCard | undefined, warnings: readonly StateWarning[]) {
  const classes = ['state', `state--${node.kind}`];
  if (card?.over) classes.push('state--over');
  if (warnings.length > 0) classes.push('state--warning');
  const tooltip = warnings.map((w) => `${w.kind}: ${w.message}`).join('\n');
  const parts = [
    `<g class="${classes.join(' ')}" data-state-id="${escapeXml(node.id)}">`,
    `<title>${escapeXml(node.id)}${tooltip === '' ? '' : `\n${escapeXml(tooltip)}`}</title>`,
    `<rect class="card" x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="${node.kind === 'working' ? 14 : 6}"/>`,
  ];
  const left = box.x + PADDING;
  let y = box.y + PADDING + LINE_HEIGHT - 3;
  const warn = warnings.length > 0 ? '! ' : '';
  parts.push(`<text class="title" x="${n(left)}" y="${n(y)}">${escapeXml(warn + node.stateNode.key)}</text>`);
  const titleY = y;
  if (card?.badge !== undefined && node.kind !== 'compound') {
    const badgeClass = card.over ? 'badge badge--over' : 'badge';
    const x = box.x + box.width - PADDING - card.badge.length * CHAR_WIDTH;
    parts.push(`<text class="${badgeClass}" x="${n(x)}" y="${n(y)}">${escapeXml(card.badge)}</text>`);
  }
  if (node.kind !== 'compound' && card !== undefined) {
    y += 4;
    for (const line of card.lines) {
      y += LINE_HEIGHT;
      parts.push(`<text class="line" x="${n(left)}" y="${n(y)}" xml:space="preserve">${escapeXml(line)}</text>`);
    }
    for (const note of card.notes) {
      y += LINE_HEIGHT;
      parts.push(`<text class="note" x="${n(left)}" y="${n(y)}">${escapeXml(note)}</text>`);
    }
  }
  if (card?.faultBadge !== undefined) {
    // Leaves: on the last row, at the right; boxes that hold states: in the header, at the right.
    parts.push(faultBadge(card, box, node.kind === 'compound' ? titleY : box.y + box.height - PADDING - 3));
  }
  parts.push('</g>');
  return parts.join('');
}

/** "3 faults", with the folded transitions listed in its tooltip. */
function faultBadge(card: NodeCard, box: PlacedBox, baseline: number) {
  const label = card.faultBadge ?? '';
  const width = label.length * (FONT_SIZE - 1) * 0.61 + 8;
  const x = box.x + box.width - PADDING - width;
  return (
    `<g class="fault-badge"><title>${escapeXml(card.faults.join('\n'))}</title>` +
    `<rect x="${n(x)}" y="${n(baseline - 10)}" width="${n(width)}" height="13" rx="6"/>` +
    `<text x="${n(x + 4)}" y="${n(baseline)}">${escapeXml(label)}</text></g>`
  );
}

function edgePath(points: readonly { x: number; y: number }[]) {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${n(p.x)},${n(p.y)}`).join(' ');
}

/** A chart as a standalone SVG document; every state's group carries `data-state-id`. */
export function renderChartSvg(graph: ChartGraph, layout: ChartLayout, options: SvgOptions): string {
  const width = layout.width + 2 * MARGIN;
  const height = layout.height + 2 * MARGIN;
  const nodes = [...chartNodes(graph.root)];
  const box = (id: string) => layout.boxes.get(id);
  const warningsOf = (id: string) => options.warnings.filter((w) => w.stateId === id);

  const compounds = nodes
    .filter((node) => node.kind === 'compound')
    .sort((a, b) => (box(a.id)?.depth ?? 0) - (box(b.id)?.depth ?? 0));
  const leaves = nodes.filter((node) => node.kind !== 'compound');

  const body: string[] = [];
  for (const node of compounds) {
    const placed = box(node.id);
    if (placed !== undefined) body.push(stateBox(node, placed, options.cards.get(node.id), warningsOf(node.id)));
    const marker = box(initialMarkerId(node.id));
    if (marker !== undefined) {
      const r = INITIAL_MARKER / 2;
      body.push(`<circle class="initial" cx="${n(marker.x + r)}" cy="${n(marker.y + r)}" r="${r - 1}"/>`);
    }
  }
  const faultEdges = new Set(graph.edges.filter((edge) => edge.fault).map((edge) => edge.id));
  for (const edge of layout.edges) {
    const classes = faultEdges.has(edge.id) ? 'edge edge--fault' : 'edge';
    body.push(`<path class="${classes}" d="${edgePath(edge.points)}" marker-end="url(#arrow)"/>`);
  }
  for (const node of leaves) {
    const placed = box(node.id);
    if (placed !== undefined) body.push(stateBox(node, placed, options.cards.get(node.id), warningsOf(node.id)));
  }
  for (const exit of graph.exits) {
    const placed = box(exit.id);
    if (placed === undefined) continue;
    body.push(
      `<g class="${exit.fault ? 'exit exit--fault' : 'exit'}" data-exit-target="${escapeXml(exit.target)}"><title>leaves to ${escapeXml(exit.target)}</title>` +
        `<rect x="${n(placed.x)}" y="${n(placed.y)}" width="${n(placed.width)}" height="${n(placed.height)}" rx="13"/>` +
        `<text x="${n(placed.x + 10)}" y="${n(placed.y + 17)}">${escapeXml(`→ ${exit.label}`)}</text></g>`,
    );
  }
  for (const edge of layout.edges) {
    if (edge.label === undefined) continue;
    const w = edge.label.text.length * (FONT_SIZE - 1) * 0.61 + 6;
    body.push(
      `<rect class="edge-label-bg" x="${n(edge.label.x - w / 2)}" y="${n(edge.label.y - 10)}" width="${n(w)}" height="13" rx="3"/>` +
        `<text class="${faultEdges.has(edge.id) ? 'edge-label edge-label--fault' : 'edge-label'}" x="${n(edge.label.x)}" y="${n(edge.label.y)}" text-anchor="middle">${escapeXml(edge.label.text)}</text>`,
    );
  }

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${n(width)}" height="${n(height)}" viewBox="${-MARGIN} ${-MARGIN} ${n(width)} ${n(height)}">`,
    `<title>${escapeXml(options.title)}</title>`,
    `<style>${STYLE}</style>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#475569"/></marker></defs>',
    ...body,
    '</svg>',
  ].join('\n');
}
